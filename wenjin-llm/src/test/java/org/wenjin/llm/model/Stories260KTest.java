package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.generate.FinishReason;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.gguf.GgufFile;

/**
 * Karpathy's stories260K, a real trained Llama-architecture model, against the reference output described in
 * the test data's README: 256 greedy tokens from BOS, as llama2.c's {@code run -t 0.0} prints them.
 */
class Stories260KTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"));
    private static final int BOS = 1;

    private static LanguageModel model;
    private static int[] expected;

    @BeforeAll
    static void load() throws IOException {
        model = LanguageModel.load(TESTDATA.resolve("stories260K.gguf"));
        expected = Arrays.stream(Files.readString(TESTDATA.resolve("stories260K.greedy-256.ids")).trim().split(" "))
                .mapToInt(Integer::parseInt).toArray();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] withBos(int[] tokens, int count) {
        int[] prompt = new int[count + 1];
        prompt[0] = BOS;
        System.arraycopy(tokens, 0, prompt, 1, count);
        return prompt;
    }

    @Test
    void configurationIsReadFromTheMetadata() {
        ModelConfig c = model.config();
        assertThat(c.architecture()).isEqualTo(Architecture.LLAMA);
        assertThat(new int[] {c.embeddingLength(), c.blockCount(), c.headCount(), c.headCountKv(), c.keyLength(),
                c.feedForwardLength(), c.contextLength(), c.vocabularySize(), c.ropeDimensions()})
                .containsExactly(64, 5, 8, 4, 8, 172, 2048, 512, 8);
        assertThat(c.rmsEpsilon()).isEqualTo(1e-5f);
        assertThat(c.ropeFreqBase()).isEqualTo(10000.0);
        assertThat(c.queriesPerKvHead()).isEqualTo(2);
    }

    @Test
    void greedyGenerationFromBosReproducesTheReference256TokensAndText() throws IOException {
        GenerationResult result = new Session(model, 512)
                .generate(new int[] {BOS}, GenerationRequest.of(256, SamplingParameters.greedy()), GenerationListener.NONE);
        assertThat(result.tokens()).containsExactly(expected);
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.text()).isEqualTo(Files.readString(TESTDATA.resolve("stories260K.greedy-256.txt"),
                StandardCharsets.UTF_8));
        assertThat(result.promptTokens()).isEqualTo(1);
    }

    @Test
    void teacherForcedLogitsMatchAPlainFloat64ForwardPass() throws IOException {
        int[] tokens = withBos(expected, 40);
        double[][] reference;
        try (GgufFile file = GgufFile.open(model.path())) {
            reference = new ReferenceTransformer(file, model.config()).logits(tokens);
        }
        Transformer transformer = model.transformer();
        SequenceState state = transformer.newState(64);
        for (int t = 0; t < tokens.length; t++) {
            float[] logits = transformer.forward(state, tokens[t], t);
            for (int token = 0; token < logits.length; token++) {
                assertThat((double) logits[token]).as("position %d, token %d", t, token)
                        .isCloseTo(reference[t][token], offset(1e-4));
            }
            if (t + 1 < tokens.length) {
                assertThat(argmax(logits)).as("prediction after position %d", t).isEqualTo(tokens[t + 1]);
            }
        }
    }

    @Test
    void logitsAtAPositionAreTheSameIncrementallyAndAfterRerunningThePrefix() {
        Transformer transformer = model.transformer();
        int[] tokens = withBos(expected, 100);
        SequenceState incremental = transformer.newState(128);
        float[] atEnd = null;
        for (int t = 0; t < tokens.length; t++) {
            atEnd = transformer.forward(incremental, tokens[t], t).clone();
        }
        SequenceState rerun = transformer.newState(128);
        transformer.prefill(rerun, tokens, 0, tokens.length - 1, 0);
        float[] logits = transformer.forward(rerun, tokens[tokens.length - 1], tokens.length - 1);
        // The same up to float rounding: prefill multiplies a chunk of tokens with the tiled kernel, which
        // adds the products in another order than one token's dot product.
        for (int i = 0; i < atEnd.length; i++) {
            assertThat(logits[i]).as("logit %d", i).isCloseTo(atEnd[i], offset(1e-5f * (1 + Math.abs(atEnd[i]))));
        }
        assertThat(argmax(logits)).isEqualTo(argmax(atEnd));
    }

    @Test
    void aSessionReusesTheCachedPrefixOfTheNextPromptAndAnswersAsAFreshSessionWould() {
        Session session = new Session(model, 256);
        GenerationRequest request = GenerationRequest.of(20, SamplingParameters.defaults(5));
        GenerationResult first = session.generate(withBos(expected, 10), request, GenerationListener.NONE);
        assertThat(first.reusedTokens()).isZero();
        int[] cached = session.cachedTokens();
        assertThat(cached).hasSize(11 + first.tokens().length - 1); // the last sampled token was never run
        int[] next = withBos(expected, 60);
        GenerationResult continued = session.generate(next, request, GenerationListener.NONE);
        GenerationResult fresh = new Session(model, 256).generate(next, request, GenerationListener.NONE);
        int shared = 0;
        while (cached[shared] == next[shared]) {
            shared++;
        }
        assertThat(continued.reusedTokens()).isEqualTo(shared).isGreaterThanOrEqualTo(11);
        assertThat(continued.tokens()).isEqualTo(fresh.tokens());
        GenerationResult again = session.generate(next, request, GenerationListener.NONE);
        assertThat(again.reusedTokens()).as("all but the last prompt token").isEqualTo(next.length - 1);
        assertThat(again.tokens()).isEqualTo(fresh.tokens());
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
