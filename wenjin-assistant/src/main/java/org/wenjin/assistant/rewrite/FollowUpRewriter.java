package org.wenjin.assistant.rewrite;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;

/**
 * Makes a follow-up question standalone without a model, from the conversation and the knowledge graph's
 * entity linker. Two kinds of follow-up are handled, in Chinese and English:
 * <ul>
 *   <li>anaphora — "它是什么时候发布的？", "When was it released?": the pronoun becomes the entity the
 *       conversation was last about (the previous question's first entity, else the last answer's);</li>
 *   <li>ellipsis — "阿里巴巴呢？", "What about GPT-3?": the previous question is asked again about the new
 *       entity.</li>
 * </ul>
 * A turn that is neither is left as it is.
 */
public final class FollowUpRewriter {
    /** Chinese pronouns and demonstratives, longest first so 它们 wins over 它. */
    private static final Pattern CHINESE_PRONOUN = Pattern.compile("这个模型|这个公司|该模型|该公司|它们|(?<!其)他们|她们|这个|那个|它|(?<!其)他|她");
    private static final Pattern ENGLISH_PRONOUN = Pattern.compile(
            "\\b(its|it|their|they|them|his|her|he|she|him|this model|that model|this one|that one)\\b", Pattern.CASE_INSENSITIVE);
    /** "X呢？", "那X呢？", "那么X呢" — X alone, asked about as the last question was. */
    private static final Pattern CHINESE_ELLIPSIS = Pattern.compile("^\\s*(?:那么|那|还有)?\\s*(.+?)\\s*呢\\s*[？?]?\\s*$");
    private static final Pattern ENGLISH_ELLIPSIS = Pattern.compile(
            "^\\s*(?:(?:and\\s+)?what\\s+about|how\\s+about|and)\\s+(.+?)\\s*\\??\\s*$", Pattern.CASE_INSENSITIVE);
    /** Words whose "…呢？" is asked with 是多少 rather than 是什么. */
    private static final Pattern QUANTITY = Pattern.compile("(人口|数量|参数|规模|面积|价格|多少|长度|大小)$");

    private final Function<String, List<EntityMention>> linker;

    /** @param linker the knowledge graph's entity linker ({@code graph::link}) */
    public FollowUpRewriter(Function<String, List<EntityMention>> linker) {
        this.linker = linker;
    }

    public Rewrite rewrite(String turn, List<ChatMessage> history) {
        if (history.isEmpty()) {
            return Rewrite.unchanged(turn);
        }
        Optional<Rewrite> ellipsis = ellipsis(turn, history);
        if (ellipsis.isPresent()) {
            return ellipsis.get();
        }
        return anaphora(turn, history).orElse(Rewrite.unchanged(turn));
    }

    private Optional<Rewrite> anaphora(String turn, List<ChatMessage> history) {
        boolean chinese = isChinese(turn);
        if (!linker.apply(turn).isEmpty()) {
            return Optional.empty(); // the turn names its own subject; "Is it true that GPT-3 …" needs no rewrite
        }
        Matcher pronoun = (chinese ? CHINESE_PRONOUN : ENGLISH_PRONOUN).matcher(turn);
        if (!pronoun.find()) {
            return Optional.empty();
        }
        Optional<EntityMention> antecedent = antecedent(history);
        if (antecedent.isEmpty()) {
            return Optional.empty();
        }
        String name = antecedent.get().label();
        String word = pronoun.group();
        String replacement = chinese ? name : englishReplacement(word, name);
        String rewritten = turn.substring(0, pronoun.start()) + replacement + turn.substring(pronoun.end());
        if (chinese) {
            rewritten = askOutright(rewritten.replaceFirst("^\\s*(那么|那)(?=" + Pattern.quote(name) + ")", ""));
        }
        return Optional.of(new Rewrite(turn, rewritten.strip(), "'" + word + "' refers to " + name));
    }

    private Optional<Rewrite> ellipsis(String turn, List<ChatMessage> history) {
        Matcher matcher = (isChinese(turn) ? CHINESE_ELLIPSIS : ENGLISH_ELLIPSIS).matcher(turn);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String subject = matcher.group(1).strip();
        if ((isChinese(turn) ? CHINESE_PRONOUN : ENGLISH_PRONOUN).matcher(subject).find()) {
            return Optional.empty(); // "它的参数呢？" is about the old subject: anaphora, not a new one
        }
        Optional<String> previous = lastUserTurn(history);
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        List<EntityMention> mentions = linker.apply(previous.get());
        if (mentions.isEmpty()) {
            // "X的Y呢？" with no earlier question to borrow from still reads better asked outright.
            return isChinese(turn) && subject.contains("的")
                    ? Optional.of(new Rewrite(turn, askOutright(subject + "呢？"), "asked outright"))
                    : Optional.empty();
        }
        EntityMention old = mentions.getFirst();
        String question = previous.get();
        String rewritten = question.substring(0, old.start()) + subject + question.substring(old.end());
        return Optional.of(new Rewrite(turn, rewritten.strip(),
                "the previous question asked again about " + subject + " instead of " + old.label()));
    }

    /** "法国的人口呢？" → "法国的人口是多少？"; other questions stay as they are. */
    private static String askOutright(String question) {
        Matcher matcher = Pattern.compile("^(.+?)\\s*呢\\s*[？?]?\\s*$").matcher(question.strip());
        if (!matcher.matches()) {
            return question;
        }
        String topic = matcher.group(1);
        return topic + (QUANTITY.matcher(topic).find() ? "是多少？" : "是什么？");
    }

    private static String englishReplacement(String pronoun, String name) {
        // "her" may be object or possessive; the bare name reads acceptably either way.
        return switch (pronoun.toLowerCase(Locale.ROOT)) {
            case "its", "their", "his" -> name + "'s";
            default -> name;
        };
    }

    /** The entity the conversation is about: the last user turn's first entity, else the last answer's. */
    private Optional<EntityMention> antecedent(List<ChatMessage> history) {
        for (Role role : List.of(Role.USER, Role.ASSISTANT)) {
            for (ChatMessage message : history.reversed()) {
                if (message.role() == role) {
                    List<EntityMention> mentions = linker.apply(message.content());
                    if (!mentions.isEmpty()) {
                        return Optional.of(mentions.getFirst());
                    }
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> lastUserTurn(List<ChatMessage> history) {
        return history.reversed().stream().filter(m -> m.role() == Role.USER).map(ChatMessage::content).findFirst();
    }

    private static boolean isChinese(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
}
