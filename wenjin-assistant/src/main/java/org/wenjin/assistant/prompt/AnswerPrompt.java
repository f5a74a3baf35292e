package org.wenjin.assistant.prompt;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.assistant.Citation;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.memory.ShortTermMemory;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.GenerationOptions;

/**
 * The prompt for writing an answer: who the assistant is ({@code system}) and the task-level instruction
 * ({@code answer}) with what is remembered about the user, the
 * numbered sources the model may cite, the conversation so far, then the question. A {@link PromptBudget}
 * fits them into the model's context after the reply's room, by priority: the instruction and the question
 * must fit; then memories, facts and passages each up to a share of what is left, in rank order; the
 * conversation gets the rest, its older turns condensed when it does not fit whole ({@link ShortTermMemory}).
 */
public final class AnswerPrompt {
    /**
     * The chat template's framing of one message, ChatML's being typical ({@code <|im_start|>role\n … <|im_end|>\n});
     * counted with the model's tokenizer as plain text, which over-counts where the markers are single special tokens.
     */
    static final String MESSAGE_FRAMING = "<|im_start|>assistant\n<|im_end|>\n";
    /** Shares of what is left after the instruction and the question, so that a long conversation keeps some history. */
    private static final int MEMORY_SHARE = 10;
    private static final int FACT_SHARE = 5;
    private static final int PASSAGE_SHARE = 3;

    private final PromptTemplates templates;
    private final ShortTermMemory shortTermMemory;

    public AnswerPrompt(PromptTemplates templates) {
        this.templates = templates;
        this.shortTermMemory = new ShortTermMemory(templates);
    }

    /**
     * What went into the prompt: the messages, which of the offered sources made it in, how many earlier
     * turns were condensed and how, the template versions, the budget's decisions and the tokens counted.
     */
    public record Built(List<ChatMessage> messages, List<Citation> sources, int condensedHistoryMessages, String condensedBy, String templateVersions,
                        List<String> budget, int promptTokens) {
    }

    /**
     * @param summarizer the model that summarizes older turns, or null to condense them to key sentences
     */
    public Built build(String question, List<ChatMessage> history, List<UserMemory> memories, List<Citation> sources,
                       ChatModel model, GenerationOptions options, ChatModel summarizer) {
        Language language = Language.of(question);
        int framing = model.countTokens(MESSAGE_FRAMING);
        int available = model.contextLength() - options.maxTokens() - framing; // the reply's own opening header
        PromptBudget budget = new PromptBudget(available, model::countTokens);
        String instruction = templates.get("system", language).text() + "\n\n" + templates.get("answer", language).text();
        String headings = templates.get("memory", language).text() + templates.get("sources", language).text()
                + templates.get("history", language).text();
        if (!budget.require("instruction", budget.count(instruction + "\n\n\n\n\n\n" + headings) + framing)
                || !budget.require("question", budget.count(question) + framing)) {
            throw new PromptTooLongException(model.countTokens(question), available);
        }
        int left = budget.remaining();
        List<UserMemory> keptMemories = budget.offer("memory", memories, m -> budget.count("\n- " + m.text()), left / MEMORY_SHARE);
        List<Citation> facts = sources.stream().filter(s -> s.kind().equals("fact")).toList();
        List<Citation> passages = sources.stream().filter(s -> !s.kind().equals("fact")).toList();
        List<Citation> kept = new ArrayList<>(budget.offer("facts", facts, s -> budget.count(renderSource(s) + "\n"), left / FACT_SHARE));
        kept.addAll(budget.offer("passages", passages, s -> budget.count(renderSource(s) + "\n"), left / PASSAGE_SHARE));

        ShortTermMemory.Window window = shortTermMemory.fit(question, history, budget.remaining(),
                m -> budget.count(m.content()) + framing, budget::count, summarizer);
        budget.offer("recent turns", history.subList(history.size() - window.recent().size(), history.size()),
                m -> budget.count(m.content()) + framing, budget.remaining());
        if (!window.summary().isEmpty()) {
            budget.require("summary of " + window.condensed() + " older turns (" + window.how() + ")",
                    budget.count(window.summary()));
        }

        StringBuilder system = new StringBuilder(instruction);
        system.append(memoryBlock(keptMemories, language));
        system.append(sourcesBlock(kept, language));
        if (!window.summary().isEmpty()) {
            system.append("\n\n").append(templates.get("history", language).text()).append('\n').append(window.summary());
        }
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(system.toString()));
        messages.addAll(window.recent());
        messages.add(ChatMessage.user(question));
        String versions = "system " + templates.get("system", language).version() + ", answer " + templates.get("answer", language).version()
                + (window.summary().isEmpty() ? "" : ", history " + templates.get("history", language).version());
        List<String> decisions = budget.decisions().stream().map(PromptBudget.Decision::describe).toList();
        return new Built(messages, kept, window.condensed(), window.how(), versions, decisions,
                budget.used() + framing);
    }

    /** What is remembered about the user goes with the instruction: it is short and shapes every answer. */
    private String memoryBlock(List<UserMemory> memories, Language language) {
        if (memories.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(templates.get("memory", language).text());
        for (UserMemory memory : memories) {
            block.append("\n- ").append(memory.text());
        }
        return block.toString();
    }

    private String sourcesBlock(List<Citation> sources, Language language) {
        if (sources.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n").append(templates.get("sources", language).text()).append('\n');
        for (Citation source : sources) {
            block.append(renderSource(source)).append('\n');
        }
        return block.toString();
    }

    static String renderSource(Citation source) {
        String origin = source.kind().equals("fact") ? "fact" : source.title();
        return "[" + source.number() + "] (" + origin + ") " + source.text().strip();
    }
}
