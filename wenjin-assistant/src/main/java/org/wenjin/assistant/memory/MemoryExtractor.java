package org.wenjin.assistant.memory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, without a model, what a user says about themselves ("我在县医院儿科工作", "I work at a school")
 * and how they want to be answered ("请用英文回答", "keep answers short"). Questions are not statements
 * about oneself ("我是不是该换工作？"), so they are skipped.
 */
public final class MemoryExtractor {
    private record Rule(Pattern pattern, String kind, String template) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(?:请|以后|今后)?(?:都)?(?:用|使用)(英文|英语|中文|汉语|简体中文)(?:来)?(?:回答|回复|交流)"),
                    UserMemory.PREFERENCE, "用$1回答"),
            new Rule(Pattern.compile("回答(?:请)?(?:尽量)?(简短|简洁|详细|详尽)(?:一些|一点|些)?"), UserMemory.PREFERENCE, "回答$1一些"),
            new Rule(Pattern.compile("我(?:目前|现在)?在([^，。,.!！？?；;]{2,30}?)(工作|上班|上学|读书|任职|实习)"), UserMemory.FACT, "在$1$2"),
            new Rule(Pattern.compile("我(?:是|是一名|是一个|是个)([^，。,.!！？?；;不]{2,20})"), UserMemory.FACT, "是$1"),
            new Rule(Pattern.compile("我叫([^，。,.!！？?；;\\s]{1,10})"), UserMemory.FACT, "名叫$1"),
            new Rule(Pattern.compile("我(?:住在|来自)([^，。,.!！？?；;]{2,20})"), UserMemory.FACT, "住在/来自$1"),
            new Rule(Pattern.compile("(?i)\\b(?:please\\s+)?(?:always\\s+)?(?:answer|reply|respond)\\s+in\\s+(english|chinese|mandarin)\\b"),
                    UserMemory.PREFERENCE, "answer in $1"),
            new Rule(Pattern.compile("(?i)\\b(?:keep|make)\\s+(?:your\\s+)?answers?\\s+(short|brief|detailed|concise)\\b"),
                    UserMemory.PREFERENCE, "keep answers $1"),
            new Rule(Pattern.compile("(?i)\\bI\\s+work\\s+(at|in|for|as)\\s+([^.,;!?]{2,60})"), UserMemory.FACT, "works $1 $2"),
            new Rule(Pattern.compile("(?i)\\bI(?:'m|\\s+am)\\s+(an?\\s+[^.,;!?]{2,60})"), UserMemory.FACT, "is $1"),
            new Rule(Pattern.compile("(?i)\\b(?:my\\s+name\\s+is|call\\s+me)\\s+([A-Z][\\w-]{0,30})"), UserMemory.FACT, "name is $1"),
            new Rule(Pattern.compile("(?i)\\bI\\s+live\\s+in\\s+([^.,;!?]{2,40})"), UserMemory.FACT, "lives in $1"));

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?；;])|(?<=\\.)\\s+|\\n+");
    private static final Pattern QUESTION = Pattern.compile("[？?]\\s*$|吗\\s*[。]?$|^\\s*(?:am|do|should|can)\\s+i\\b",
            Pattern.CASE_INSENSITIVE);

    public List<UserMemory> extract(String turn) {
        Set<UserMemory> found = new LinkedHashSet<>();
        for (String sentence : SENTENCE_END.split(turn)) {
            if (sentence.isBlank() || QUESTION.matcher(sentence.strip()).find()) {
                continue;
            }
            for (Rule rule : RULES) {
                Matcher matcher = rule.pattern().matcher(sentence);
                if (matcher.find()) {
                    found.add(new UserMemory(rule.kind(), expand(rule.template(), matcher)));
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The template with {@code $n} replaced by the n-th group, whitespace tidied. */
    private static String expand(String template, Matcher matcher) {
        String text = template;
        for (int group = matcher.groupCount(); group >= 1; group--) {
            String value = matcher.group(group) == null ? "" : matcher.group(group).strip();
            text = text.replace("$" + group, value);
        }
        return text.strip().replaceAll("\\s+", " ");
    }
}
