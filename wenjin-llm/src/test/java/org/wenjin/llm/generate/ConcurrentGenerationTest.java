package org.wenjin.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.model.ConcurrentDecoder;
import org.wenjin.llm.model.LanguageModel;

/**
 * Conversations generating at the same time on one model are decoded together (continuous batching) and each
 * gets exactly what it gets alone: same tokens, same text, same finish; sequences join and leave at
 * different steps because their prompts and lengths differ.
 */
class ConcurrentGenerationTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"));
    private static final int BOS = 1;
    private static LanguageModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LanguageModel.load(TESTDATA.resolve("stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] prompt(String text) {
        int[] tokens = model.tokenizer().encode(text, false, false);
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = BOS;
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    @Test
    void concurrentSessionsDecodeTogetherAndEachGetsWhatItGetsAlone() throws Exception {
        String[] starts = {"Once upon a time", "The cat", "Tom and Lily went to the park", "One day", "The sun",
            "A little bird", "Mom said", "They played"};
        int[] lengths = {120, 40, 90, 64, 100, 30, 75, 110};
        List<GenerationResult> alone = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            alone.add(new Session(model.transformer(), 256, model.tokenizer()::isEndOfGeneration,
                    model.tokenizer()::newDecoder).generate(prompt(starts[i]),
                    GenerationRequest.of(lengths[i], SamplingParameters.greedy()), GenerationListener.NONE));
        }

        ConcurrentDecoder decoder = model.decoder();
        ConcurrentDecoder.Counts before = decoder.counts();
        ExecutorService pool = Executors.newFixedThreadPool(starts.length);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GenerationResult>> together = new ArrayList<>();
        try {
            for (int i = 0; i < starts.length; i++) {
                int index = i;
                together.add(pool.submit(() -> {
                    start.await();
                    return new Session(model, 256).generate(prompt(starts[index]),
                            GenerationRequest.of(lengths[index], SamplingParameters.greedy()), GenerationListener.NONE);
                }));
            }
            start.countDown();
            for (int i = 0; i < starts.length; i++) {
                GenerationResult result = together.get(i).get();
                assertThat(result.tokens()).as("tokens of conversation %d", i).containsExactly(alone.get(i).tokens());
                assertThat(result.text()).isEqualTo(alone.get(i).text());
                assertThat(result.finishReason()).isEqualTo(alone.get(i).finishReason());
            }
        } finally {
            pool.shutdownNow();
        }
        ConcurrentDecoder.Counts after = decoder.counts();
        long steps = after.steps() - before.steps();
        long sequenceSteps = after.sequenceSteps() - before.sequenceSteps();
        assertThat(sequenceSteps).as("every generated token but each prompt's first was stepped by the decoder")
                .isGreaterThanOrEqualTo(alone.stream().mapToLong(r -> r.tokens().length).sum());
        assertThat((double) sequenceSteps / steps).as("mean sequences per step").isGreaterThan(1.5);
    }

    @Test
    void aBadTokenFailsOnlyItsOwnCaller() {
        ConcurrentDecoder decoder = model.decoder();
        var state = model.transformer().newState(8);
        assertThatThrownBy(() -> decoder.forward(state, model.config().vocabularySize(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
        assertThat(decoder.forward(state, BOS, 0)).hasSize(model.config().vocabularySize());
    }
}
