package org.wenjin.assistant.clarify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.rewrite.Rewrite;
import org.wenjin.assistant.text.QueryTerms;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.Role;

/**
 * Asks which entity a shared name means, listing each with its type and description, and reads the
 * user's reply on the next turn: a number ("2", "第一个", "the second one") or words that fit one sense
 * only ("网球运动员", "the singer"). The reply turns the question first asked into a standalone question
 * about the chosen entity.
 */
public final class ClarifyingQuestion {
    /** The opening line, by which a later turn recognises the question in the conversation. */
    private static final Pattern OPENING = Pattern.compile("^“(.+?)”\\s*(?:可以指多个对象|may refer to several things)");
    private static final Map<String, Integer> CHINESE_NUMBERS = Map.of(
            "一", 1, "二", 2, "两", 2, "三", 3, "四", 4, "五", 5, "六", 6, "七", 7, "八", 8, "九", 9);
    private static final Map<String, Integer> ENGLISH_ORDINALS = Map.of(
            "first", 1, "second", 2, "third", 3, "fourth", 4, "fifth", 5, "1st", 1, "2nd", 2, "3rd", 3, "4th", 4, "5th", 5);
    private static final Pattern CHINESE_ORDINAL = Pattern.compile("第\\s*([1-9一二两三四五六七八九])\\s*(?:个|位|项|种)?");
    /** "2", "2号", "number 2", "选2": a number standing alone, not part of a name such as GPT-2. */
    private static final Pattern BARE_NUMBER = Pattern.compile(
            "^(?:(?:number|no\\.|option|选|是)\\s*)?([1-9])\\s*(?:号|个)?\\s*[。.!！]?$", Pattern.CASE_INSENSITIVE);
    /** A reply that picks by number is short; a longer turn that happens to hold "first" is a new question. */
    private static final int SHORT_REPLY_CHARS = 24;
    private static final Pattern ENGLISH_ORDINAL = Pattern.compile(
            "\\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\\b", Pattern.CASE_INSENSITIVE);

    private final Namesakes namesakes;

    public ClarifyingQuestion(Namesakes namesakes) {
        this.namesakes = namesakes;
    }

    /** The question to ask, in {@code language}: the name, then one numbered line per sense. */
    public String ask(Ambiguity ambiguity, Language language) {
        boolean chinese = language == Language.CHINESE;
        StringBuilder text = new StringBuilder("“").append(ambiguity.name()).append("”")
                .append(language.pick("可以指多个对象，你问的是哪一个？", " may refer to several things; which one do you mean?"));
        List<Sense> senses = ambiguity.senses();
        for (int i = 0; i < senses.size(); i++) {
            Sense sense = senses.get(i);
            text.append('\n').append(i + 1).append(". ").append(sense.qualifiedLabel(chinese));
            if (!sense.description().isEmpty()) {
                text.append(language.pick("：", ": ")).append(sense.description());
            }
        }
        text.append('\n').append(language.pick("请回复序号或名称。", "Reply with its number or name."));
        return text.toString();
    }

    /**
     * When the last answer in {@code history} was a clarifying question and {@code turn} picks one of its
     * senses, the question first asked, about that sense; empty otherwise.
     */
    public Optional<Choice> resolve(String turn, List<ChatMessage> history) {
        if (history.size() < 2 || history.getLast().role() != Role.ASSISTANT) {
            return Optional.empty();
        }
        Matcher opening = OPENING.matcher(history.getLast().content().strip());
        Optional<String> asked = history.reversed().stream().filter(m -> m.role() == Role.USER)
                .map(ChatMessage::content).findFirst();
        if (!opening.find() || asked.isEmpty() || !asked.get().contains(opening.group(1))) {
            return Optional.empty();
        }
        String name = opening.group(1);
        String question = asked.get().strip();
        Language language = Language.of(question);
        List<Sense> senses = namesakes.senses(name, language);
        Optional<Sense> sense = byNumber(turn, senses).or(() -> byWords(turn, senses));
        if (sense.isEmpty()) {
            return Optional.empty();
        }
        int at = question.indexOf(name);
        String rewritten = question.substring(0, at) + sense.get().qualifiedLabel(language == Language.CHINESE)
                + question.substring(at + name.length());
        return Optional.of(new Choice(sense.get(), new Rewrite(turn, rewritten,
                "the reply chose " + sense.get().qualifiedLabel(language == Language.CHINESE) + " for '" + name + "'")));
    }

    /**
     * The sense chosen most recently in {@code history} (a user turn that answered a clarifying question), so
     * that later turns naming the same name mean the same entity; empty when no such choice was made.
     */
    public Optional<Sense> earlierChoice(List<ChatMessage> history) {
        for (int i = history.size() - 1; i >= 2; i--) {
            if (history.get(i).role() == Role.USER && history.get(i - 1).role() == Role.ASSISTANT
                    && OPENING.matcher(history.get(i - 1).content().strip()).find()) {
                Optional<Choice> choice = resolve(history.get(i).content().strip(), history.subList(0, i));
                if (choice.isPresent()) {
                    return Optional.of(choice.get().sense());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Sense> byNumber(String turn, List<Sense> senses) {
        if (turn.strip().length() > SHORT_REPLY_CHARS) {
            return Optional.empty();
        }
        Integer number = null;
        Matcher chinese = CHINESE_ORDINAL.matcher(turn);
        Matcher english = ENGLISH_ORDINAL.matcher(turn);
        Matcher bare = BARE_NUMBER.matcher(turn.strip());
        if (chinese.find()) {
            String digit = chinese.group(1);
            number = CHINESE_NUMBERS.getOrDefault(digit, digit.charAt(0) >= '1' && digit.charAt(0) <= '9' ? digit.charAt(0) - '0' : null);
        } else if (english.find()) {
            number = ENGLISH_ORDINALS.get(english.group(1).toLowerCase(Locale.ROOT));
        } else if (bare.matches()) {
            number = Integer.parseInt(bare.group(1));
        }
        return number != null && number >= 1 && number <= senses.size() ? Optional.of(senses.get(number - 1)) : Optional.empty();
    }

    /** The one sense whose own words (those the other senses do not share) the reply uses most. */
    private static Optional<Sense> byWords(String turn, List<Sense> senses) {
        Set<String> reply = QueryTerms.of(turn);
        List<Set<String>> terms = new ArrayList<>();
        for (Sense sense : senses) {
            terms.add(QueryTerms.of(sense.type() + " " + sense.description()));
        }
        Set<String> shared = new HashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            for (int j = i + 1; j < terms.size(); j++) {
                for (String term : terms.get(i)) {
                    if (terms.get(j).contains(term)) {
                        shared.add(term);
                    }
                }
            }
        }
        int best = -1;
        int bestCount = 0;
        boolean tie = false;
        for (int i = 0; i < senses.size(); i++) {
            int count = (int) terms.get(i).stream().filter(t -> !shared.contains(t) && reply.contains(t)).count();
            if (count > bestCount) {
                best = i;
                bestCount = count;
                tie = false;
            } else if (count == bestCount && count > 0) {
                tie = true;
            }
        }
        return best >= 0 && !tie ? Optional.of(senses.get(best)) : Optional.empty();
    }
}
