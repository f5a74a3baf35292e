package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.training.TrainingOptions;
import org.wenjin.knowledge.training.TrainingReport;
import org.wenjin.knowledge.training.TrainingSample;
import org.wenjin.knowledge.training.TrainingSample.Kind;

/** The graph turned into instruction-tuning samples: what a model should learn is what the graph says. */
class TrainingSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KnowledgeGraph graph = DemoGraph.get();

    private static String jsonl(KnowledgeGraph graph, TrainingOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        graph.writeTrainingSamples(out, options);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineIsAnOpenAiChatSampleWithSystemUserAndAssistantTurns() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainingReport report = graph.writeTrainingSamples(out, TrainingOptions.DEFAULTS.withSeed(1));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines).hasSize((int) report.samples());
        assertThat(report.facts()).isGreaterThan(100);
        assertThat(report.paths()).isPositive();
        assertThat(report.negatives()).isPositive();
        Set<String> systems = new HashSet<>();
        for (String line : lines) {
            JsonNode root = JSON.readTree(line);
            assertThat(root.fieldNames()).toIterable().containsExactly("messages");
            JsonNode messages = root.get("messages");
            assertThat(messages).extracting(m -> m.get("role").asText()).containsExactly("system", "user", "assistant");
            messages.forEach(m -> assertThat(m.get("content").asText()).isNotBlank());
            systems.add(messages.get(0).get("content").asText());
        }
        assertThat(systems).hasSize(2);  // one system prompt per language
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherWordings() {
        String first = jsonl(graph, TrainingOptions.DEFAULTS.withSeed(42));

        assertThat(jsonl(graph, TrainingOptions.DEFAULTS.withSeed(42))).isEqualTo(first);
        String other = jsonl(graph, TrainingOptions.DEFAULTS.withSeed(43));
        assertThat(other).isNotEqualTo(first);
        assertThat(graph.trainingSamples(TrainingOptions.DEFAULTS.withSeed(43)).filter(s -> s.kind() == Kind.FACT).count())
                .as("every predicate of every entity is asked about whatever the seed")
                .isEqualTo(graph.trainingSamples(TrainingOptions.DEFAULTS.withSeed(42)).filter(s -> s.kind() == Kind.FACT).count());
    }

    @Test
    void everyFactQuestionIsAnsweredByTheGraphWithTheSampleAnswer() {
        List<TrainingSample> questions = graph.trainingSamples(new TrainingOptions(5, 2, 0, 0))
                .filter(s -> s.kind() == Kind.FACT)
                .filter(s -> s.question().endsWith("?") || s.question().endsWith("？"))  // "告诉我…" is not a question
                .toList();

        assertThat(questions).hasSizeGreaterThan(200);
        assertThat(questions.stream().map(TrainingSample::language).distinct()).containsExactlyInAnyOrder(Language.values());
        for (TrainingSample sample : questions) {
            assertThat(graph.answer(sample.question()).map(DirectAnswer::text)).as(sample.question()).contains(sample.answer());
        }
    }

    @Test
    void factSamplesSayWhatTheDemoGraphSays() {
        List<TrainingSample> samples = graph.trainingSamples(TrainingOptions.DEFAULTS.withSeed(3)).toList();

        assertThat(samples).filteredOn(s -> s.kind() == Kind.FACT).extracting(TrainingSample::answer)
                .contains("文心一言的开发者是百度。", "The developer of ERNIE Bot is Baidu.",
                        "The founders of Google are Larry Page and Sergey Brin.",
                        // inferred from "developer" by its inverse, since no source states the products of OpenAI
                        "The products of OpenAI are ChatGPT, GPT-3 and GPT-3.5.");
    }

    @Test
    void pathSamplesFollowTwoStatementsInARow() {
        List<TrainingSample> paths = graph.trainingSamples(new TrainingOptions(9, 1, 0, 50))
                .filter(s -> s.kind() == Kind.PATH).toList();

        assertThat(paths).filteredOn(p -> p.answer().equals(
                        "The developer of ChatGPT is OpenAI, and the headquarters of OpenAI is San Francisco."))
                .singleElement().extracting(TrainingSample::question).isIn(
                        "What is the headquarters of the developer of ChatGPT?",
                        "Do you know the headquarters of the developer of ChatGPT?");
        assertThat(paths).extracting(TrainingSample::answer).contains("ChatGPT的开发者是OpenAI，OpenAI的总部是旧金山。");
        for (TrainingSample path : paths) {
            List<Fact> facts = path.factIds().stream().map(id -> fact(path.subject(), id, path.language())).toList();
            assertThat(path.predicates()).hasSize(2);
            assertThat(facts.getFirst().subject()).isEqualTo(path.subject());
            assertThat(facts.getFirst().predicate()).isEqualTo(path.predicates().get(0));
            assertThat(facts.subList(1, facts.size())).allSatisfy(second -> {
                assertThat(second.subject()).isEqualTo(facts.getFirst().object());
                assertThat(second.predicate()).isEqualTo(path.predicates().get(1));
            });
        }
    }

    /** The fact with {@code id} that starts at {@code entity} or one step from it. */
    private Fact fact(String entity, String id, Language language) {
        for (Fact first : graph.factsAbout(entity, language)) {
            if (first.id().equals(id)) {
                return first;
            }
            for (Fact second : graph.factsAbout(first.object(), language)) {
                if (second.id().equals(id)) {
                    return second;
                }
            }
        }
        throw new AssertionError("no fact " + id + " near " + entity);
    }

    @Test
    void negativeSamplesAskForAPredicateTheEntityHasNoValueFor() {
        List<TrainingSample> negatives = graph.trainingSamples(new TrainingOptions(11, 1, 1.0, 0))
                .filter(s -> s.kind() == Kind.NEGATIVE).toList();

        assertThat(negatives).hasSizeGreaterThan(20);
        for (TrainingSample negative : negatives) {
            Set<String> has = graph.factsAbout(negative.subject(), negative.language()).stream()
                    .filter(f -> f.subject().equals(negative.subject())).map(Fact::predicate).collect(Collectors.toSet());
            assertThat(has).as(negative.question()).doesNotContain(negative.predicates().getFirst());
            assertThat(negative.answer()).matches(negative.language() == Language.CHINESE
                    ? "知识图谱中没有.+，我不知道。" : "I don't know: the knowledge graph has no .+ of .+\\.");
        }
    }

    @Test
    void aPredicateMayGiveItsOwnQuestionWording() {
        try (KnowledgeGraph small = KnowledgeGraph.inMemory()) {
            small.importTurtle(new ByteArrayInputStream("""
                    @prefix ex: <http://example.org/> .
                    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                    ex:developer rdfs:label "developer"@en , "开发者"@zh ;
                        <urn:wenjin:question> "谁开发了{subject}？"@zh , "Who developed {subject}?"@en .
                    ex:ChatGPT rdfs:label "ChatGPT" ; ex:developer ex:OpenAI .
                    ex:OpenAI rdfs:label "OpenAI" .
                    """.getBytes(StandardCharsets.UTF_8)), "small.ttl");

            assertThat(small.trainingSamples(new TrainingOptions(1, 3, 0, 0)).toList())
                    .extracting(TrainingSample::question, TrainingSample::answer)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("谁开发了ChatGPT？", "ChatGPT的开发者是OpenAI。"),
                            org.assertj.core.groups.Tuple.tuple("Who developed ChatGPT?", "The developer of ChatGPT is OpenAI."));
        }
    }
}
