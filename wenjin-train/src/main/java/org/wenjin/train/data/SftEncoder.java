package org.wenjin.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tokenizer.Tokenizer;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;
import org.wenjin.model.template.ChatTemplate;
import org.wenjin.model.template.ChatTemplateException;

/**
 * Turns examples into token ids with a loss mask, so that the model learns only what it should write:
 * <ul>
 *   <li>a chat is rendered with the model's chat template and only the assistant's turns are trained, each up
 *       to and including the template's end-of-turn token ({@code <|im_end|>}, {@code <|eot_id|>}, ...); the
 *       system and user turns and the template's headers are context. The assistant's turns are found by
 *       rendering prefixes: turn i is what {@code messages[0..i]} adds to {@code messages[0..i)} rendered with
 *       the generation prompt, which is exactly the text the model writes at inference after that prompt.</li>
 *   <li>without a template a chat is its turns' plain text joined by line breaks: the other turns are the
 *       prompt, the assistant's turns the completion.</li>
 *   <li>a completion is trained with EOS after it, its prompt is not;</li>
 *   <li>a text is trained as a whole, with EOS after it.</li>
 * </ul>
 * The whole text is tokenized at once, as inference tokenizes a rendered prompt, with control tokens
 * recognised and BOS in front when the tokenizer adds one and the template has not written it.
 */
public final class SftEncoder {
    private final Tokenizer tokenizer;
    private final ChatTemplate template; // null: a chat is its turns' plain text

    private SftEncoder(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.template = template;
    }

    /**
     * The encoder for a GGUF model: its tokenizer and its chat template. A file without a template still gets
     * the generic ChatML or Llama 3 template when its vocabulary has that template's control tokens, because
     * that is the template the model is prompted with at inference ({@link ChatTemplate#fromGguf}); a
     * vocabulary without them (a base model such as stories260K) has no chat format, and its chats are written
     * as plain text.
     *
     * @throws org.wenjin.llm.gguf.GgufFormatException if the tokenizer metadata is missing or malformed
     * @throws ChatTemplateException if the file's template cannot be parsed
     */
    public static SftEncoder fromGguf(GgufFile gguf) {
        Tokenizer tokenizer = Tokenizer.fromGguf(gguf);
        boolean ownTemplate = gguf.findString(ChatTemplate.GGUF_KEY).filter(s -> !s.isBlank()).isPresent();
        boolean chatVocabulary = has(tokenizer, "<|im_start|>", "<|im_end|>")
                || has(tokenizer, "<|start_header_id|>", "<|eot_id|>");
        return ownTemplate || chatVocabulary
                ? new SftEncoder(tokenizer, ChatTemplate.fromGguf(gguf, tokenizer))
                : new SftEncoder(tokenizer, null);
    }

    public static SftEncoder withTemplate(Tokenizer tokenizer, ChatTemplate template) {
        return new SftEncoder(tokenizer, Objects.requireNonNull(template, "template"));
    }

    /** An encoder that writes chats as plain text. */
    public static SftEncoder withoutTemplate(Tokenizer tokenizer) {
        return new SftEncoder(tokenizer, null);
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Optional<ChatTemplate> template() {
        return Optional.ofNullable(template);
    }

    /**
     * One example, at its full length.
     *
     * @throws ChatTemplateException if the template fails on the conversation or rejects it
     * @throws IllegalArgumentException if the template does not render the conversation as its prompt followed
     *     by the answer, so the answer cannot be found
     */
    public EncodedExample encode(SftExample example) {
        return encoding(example).example();
    }

    /**
     * All examples, in order, at most {@code seqLen} tokens each: a longer example keeps its first
     * {@code seqLen} tokens, and an example with nothing left to train, or one the template fails on, is left
     * out. Each of these is reported.
     */
    public EncodedSet encodeAll(List<? extends SftExample> examples, int seqLen) {
        if (seqLen < 2) {
            throw new IllegalArgumentException("the sequence length must be at least 2 tokens, not " + seqLen);
        }
        // Examples are independent, so they are encoded in parallel; the list keeps their order.
        List<Outcome> outcomes = IntStream.range(0, examples.size()).parallel()
                .mapToObj(i -> outcome(examples.get(i)))
                .toList();
        List<EncodedExample> kept = new ArrayList<>();
        List<DataProblem> problems = new ArrayList<>();
        int truncated = 0;
        int dropped = 0;
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Failed failed -> {
                    problems.add(failed.problem());
                    dropped++;
                }
                case Encoding encoding -> {
                    EncodedExample example = encoding.example();
                    encoding.note().ifPresent(note -> problems.add(new DataProblem(example.origin(), note)));
                    boolean cut = example.length() > seqLen;
                    if (cut) {
                        truncated++;
                        problems.add(new DataProblem(example.origin(),
                                "truncated from " + example.length() + " to " + seqLen + " tokens"));
                    }
                    EncodedExample fitting = example.truncate(seqLen);
                    if (fitting.trainedCount() == 0) {
                        dropped++;
                        problems.add(new DataProblem(example.origin(), cut
                                ? "left out: nothing to train within the first " + seqLen + " tokens"
                                : "left out: nothing to train"));
                    } else {
                        kept.add(fitting);
                    }
                }
            }
        }
        return new EncodedSet(kept, truncated, dropped, problems);
    }

    private Outcome outcome(SftExample example) {
        try {
            return encoding(example);
        } catch (ChatTemplateException | IllegalArgumentException e) {
            return new Failed(new DataProblem(example.origin(), "left out: " + e.getMessage()));
        }
    }

    /** What encoding one example gave. */
    private sealed interface Outcome permits Encoding, Failed {
    }

    /** An encoded example, and what the reader should know about how it was encoded. */
    private record Encoding(EncodedExample example, Optional<String> note) implements Outcome {
    }

    /** An example that could not be encoded. */
    private record Failed(DataProblem problem) implements Outcome {
    }

    /** A piece of the example's text and whether the model learns to write it. */
    private record Segment(String text, boolean trained) {
    }

    private Encoding encoding(SftExample example) {
        return switch (example) {
            case SftExample.Text text -> plain(List.of(new Segment(text.text(), true)), text.origin());
            case SftExample.Completion completion -> plain(List.of(new Segment(completion.prompt(), false),
                    new Segment(completion.completion(), true)), completion.origin());
            case SftExample.Chat chat -> template == null
                    ? plain(plainTurns(upToLastAnswer(chat.messages())), chat.origin())
                    : templated(upToLastAnswer(chat.messages()), chat.origin());
        };
    }

    /** Text that ends with EOS, trained, so that the model learns to stop where the example stops. */
    private Encoding plain(List<Segment> segments, String origin) {
        return new Encoding(tokenize(segments, false, true, origin), Optional.empty());
    }

    /** Turns after the last answer teach nothing: the model never learns to write them. */
    private static List<ChatMessage> upToLastAnswer(List<ChatMessage> messages) {
        int last = messages.size() - 1;
        while (messages.get(last).role() != Role.ASSISTANT) {
            last--;
        }
        return messages.subList(0, last + 1);
    }

    /**
     * A chat without a template: runs of other turns and runs of answers, each run's turns joined by line
     * breaks, and a line break between runs that belongs to the prompt side, so the model learns the answers'
     * text and not the breaks around them.
     */
    private static List<Segment> plainTurns(List<ChatMessage> messages) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < messages.size()) {
            boolean answer = messages.get(i).role() == Role.ASSISTANT;
            List<String> run = new ArrayList<>();
            for (; i < messages.size() && (messages.get(i).role() == Role.ASSISTANT) == answer; i++) {
                run.add(messages.get(i).content());
            }
            String text = String.join("\n", run);
            if (!answer) {
                text = (segments.isEmpty() ? "" : "\n") + text + "\n";
            }
            segments.add(new Segment(text, answer));
        }
        return segments;
    }

    /**
     * A chat with the template: the text of turn i's answer is what rendering {@code messages[0..i]} adds to
     * {@code messages[0..i)} rendered with the generation prompt. Templates that render earlier turns
     * differently once a conversation goes on (Qwen3 drops the reasoning of earlier answers) give no such
     * prefixes; then only the last answer is trained, against the prompt the model would see for it.
     */
    private Encoding templated(List<ChatMessage> messages, String origin) {
        String full = template.render(messages, false);
        List<Segment> segments = new ArrayList<>();
        int cursor = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role() != Role.ASSISTANT) {
                continue;
            }
            String prompt = template.render(messages.subList(0, i), true);
            String answered = i == messages.size() - 1 ? full : template.render(messages.subList(0, i + 1), false);
            boolean prefixes = full.startsWith(prompt) && full.startsWith(answered)
                    && cursor <= prompt.length() && prompt.length() <= answered.length();
            if (!prefixes) {
                return lastAnswerOnly(messages, full, origin);
            }
            segments.add(new Segment(full.substring(cursor, prompt.length()), false));
            segments.add(new Segment(full.substring(prompt.length(), answered.length()), true));
            cursor = answered.length();
        }
        segments.add(new Segment(full.substring(cursor), false));
        return new Encoding(tokenize(segments, true, false, origin), Optional.empty());
    }

    private Encoding lastAnswerOnly(List<ChatMessage> messages, String full, String origin) {
        String prompt = template.render(messages.subList(0, messages.size() - 1), true);
        if (!full.startsWith(prompt)) {
            throw new IllegalArgumentException("the chat template does not render the conversation as the prompt "
                    + "for its last answer followed by that answer, so the answer cannot be found in it");
        }
        List<Segment> segments = List.of(new Segment(prompt, false), new Segment(full.substring(prompt.length()), true));
        long answers = messages.stream().filter(m -> m.role() == Role.ASSISTANT).count();
        Optional<String> note = answers > 1
                ? Optional.of("only the last of " + answers + " answers is trained: the chat template renders "
                        + "earlier turns differently in the longer conversation")
                : Optional.empty();
        return new Encoding(tokenize(segments, true, false, origin), note);
    }

    /**
     * Tokenizes the joined text at once and marks the tokens of trained segments. A segment's first token is
     * where the tokens of the text before it stop agreeing with the whole; when a token spans the boundary
     * (a merge across it) it goes to the segment after.
     *
     * @param stopAtEndOfTurn within a trained segment, train up to its first end-of-generation token and not
     *     the template's text after it (ChatML's line break after {@code <|im_end|>})
     * @param endWithEos append EOS, trained: the model learns to stop
     */
    private EncodedExample tokenize(List<Segment> segments, boolean stopAtEndOfTurn, boolean endWithEos,
                                    String origin) {
        StringBuilder joined = new StringBuilder();
        for (Segment segment : segments) {
            joined.append(segment.text());
        }
        String full = joined.toString();
        int[] ids = tokenizer.encode(full, false, true);
        int[] ends = new int[segments.size()];
        int textEnd = 0;
        for (int s = 0; s < segments.size(); s++) {
            textEnd += segments.get(s).text().length();
            int previous = s == 0 ? 0 : ends[s - 1];
            if (textEnd == full.length()) {
                ends[s] = ids.length;
            } else if (segments.get(s).text().isEmpty()) {
                ends[s] = previous;
            } else {
                ends[s] = Math.max(previous, commonPrefix(tokenizer.encode(full.substring(0, textEnd), false, true), ids));
            }
        }
        boolean bos = tokenizer.specialTokens().addBos() && !(ids.length > 0 && ids[0] == tokenizer.bos().getAsInt());
        boolean eos = endWithEos && tokenizer.eos().isPresent();
        int offset = bos ? 1 : 0;
        int length = offset + ids.length + (eos ? 1 : 0);
        int[] tokens = new int[length];
        boolean[] trained = new boolean[length];
        if (bos) {
            tokens[0] = tokenizer.bos().getAsInt();
        }
        System.arraycopy(ids, 0, tokens, offset, ids.length);
        int start = 0;
        for (int s = 0; s < segments.size(); s++) {
            if (segments.get(s).trained()) {
                for (int i = start; i < ends[s]; i++) {
                    trained[offset + i] = true;
                    if (stopAtEndOfTurn && tokenizer.isEndOfGeneration(ids[i])) {
                        break;
                    }
                }
            }
            start = ends[s];
        }
        if (eos) {
            tokens[length - 1] = tokenizer.eos().getAsInt();
            trained[length - 1] = true;
        }
        if (length > 0) {
            trained[0] = false; // nothing before it to predict it from
        }
        return new EncodedExample(tokens, trained, origin);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static boolean has(Tokenizer tokenizer, String... texts) {
        for (String text : texts) {
            if (tokenizer.vocabulary().find(text).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
