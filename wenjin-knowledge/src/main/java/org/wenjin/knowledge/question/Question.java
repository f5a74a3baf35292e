package org.wenjin.knowledge.question;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.linking.EntityLinker;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.text.Terms;

/**
 * A question as the graph reads it: the entities it names, the classes it names, the terms left once names
 * and question words are taken out (what it asks about those entities), and what kind of answer it wants.
 *
 * @param terms the terms of the question apart from names and question words, to match predicate labels
 * @param keywordTerms those of {@code terms} that come from type keywords ("公司", "city")
 * @param expected what kind of value the question asks for
 * @param asksRelation whether it asks how two things are related ("关系", "related")
 * @param interrogative whether it is a question at all, rather than a request or a statement
 */
public record Question(String text, Language language, List<EntityMention> mentions, Set<String> classes,
                       Set<String> terms, Set<String> keywordTerms, Expected expected, boolean asksRelation,
                       boolean interrogative) {

    /** The kind of value a question asks for, from its question word. */
    public enum Expected {
        /** A year or date: 哪一年, 什么时候, when. */
        TIME,
        /** A person or organisation: 谁, who. */
        AGENT,
        /** A place: 哪里, where. */
        PLACE,
        /** Anything: 什么, what, which. */
        ANY;

        /** Whether a value that is (or is not) a literal can answer. */
        public boolean admits(boolean literal) {
            return switch (this) {
                case TIME -> literal;
                case AGENT, PLACE -> !literal;
                case ANY -> true;
            };
        }
    }

    // Longest first, so 什么时候 goes before 什么 takes half of it.
    private static final Pattern CHINESE_QUESTION_WORDS = Pattern.compile(
            "什么时候|哪一年|哪一天|什么地方|是什么|是谁|是哪|什么|哪里|哪儿|哪年|哪家|哪个|哪些|哪位|哪种|哪座|何时|多少|请问|一下"
                    + "|谁|哪|几|吗|呢|吧|啊|呀|的|是|了|？|\\?");
    private static final Pattern CHINESE_TIME = Pattern.compile("哪一年|哪年|什么时候|何时|哪一天|几月|几年|多少年");
    private static final Pattern CHINESE_AGENT = Pattern.compile("谁|哪位");
    private static final Pattern CHINESE_PLACE = Pattern.compile("哪里|哪儿|在哪|什么地方|哪个城市|哪座城市|哪个国家");
    private static final Pattern CHINESE_RELATION = Pattern.compile("关系|联系|关联");
    private static final Pattern CHINESE_INTERROGATIVE = Pattern.compile("什么|谁|哪|几|多少|何|吗|呢|[?？]");

    private static final Pattern ENGLISH_TIME = Pattern.compile("^\\s*when\\b|\\b(what|which) (year|date)\\b");
    private static final Pattern ENGLISH_AGENT = Pattern.compile("\\bwho(m|se)?\\b");
    private static final Pattern ENGLISH_PLACE = Pattern.compile("\\bwhere\\b");
    private static final Pattern ENGLISH_RELATION = Pattern.compile("\\b(related|relation|relationship|relationships|connected|connection)\\b");
    private static final Pattern ENGLISH_INTERROGATIVE = Pattern.compile(
            "[?？]|^\\s*(what|who|whom|whose|when|where|which|how|why|is|are|was|were|do|does|did|can|could)\\b");

    public static Question of(String text, EntityLinker.Linked linked) {
        StringBuilder rest = new StringBuilder(text);
        StringBuilder keywords = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (linked.names().get(i)) {
                rest.setCharAt(i, ' ');
            }
            keywords.append(linked.keywords().get(i) ? text.charAt(i) : ' ');
        }
        String withoutNames = rest.toString();
        String lower = withoutNames.toLowerCase(Locale.ROOT);
        Language language = linked.language();
        Expected expected;
        boolean relation;
        boolean interrogative;
        String forTerms;
        if (language == Language.CHINESE) {
            expected = CHINESE_TIME.matcher(withoutNames).find() ? Expected.TIME
                    : CHINESE_PLACE.matcher(withoutNames).find() ? Expected.PLACE
                    : CHINESE_AGENT.matcher(withoutNames).find() ? Expected.AGENT : Expected.ANY;
            relation = CHINESE_RELATION.matcher(withoutNames).find() || ENGLISH_RELATION.matcher(lower).find();
            interrogative = CHINESE_INTERROGATIVE.matcher(withoutNames).find();
            forTerms = CHINESE_QUESTION_WORDS.matcher(withoutNames).replaceAll(" ");
        } else {
            expected = ENGLISH_TIME.matcher(lower).find() ? Expected.TIME
                    : ENGLISH_PLACE.matcher(lower).find() ? Expected.PLACE
                    : ENGLISH_AGENT.matcher(lower).find() ? Expected.AGENT : Expected.ANY;
            relation = ENGLISH_RELATION.matcher(lower).find() || CHINESE_RELATION.matcher(withoutNames).find();
            interrogative = ENGLISH_INTERROGATIVE.matcher(lower).find();
            forTerms = withoutNames;
        }
        Set<String> terms = Terms.of(forTerms);
        Set<String> keywordTerms = new HashSet<>(Terms.of(keywords));
        keywordTerms.retainAll(terms);
        return new Question(text, language, linked.mentions(), linked.classes(), terms, Set.copyOf(keywordTerms),
                expected, relation, interrogative);
    }

    /** The distinct entities named, in order of first mention. */
    public List<EntityMention> distinctMentions() {
        LinkedHashMap<String, EntityMention> first = new LinkedHashMap<>();
        for (EntityMention mention : mentions) {
            first.putIfAbsent(mention.entity(), mention);
        }
        return List.copyOf(first.values());
    }
}
