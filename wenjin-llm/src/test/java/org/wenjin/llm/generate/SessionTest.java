package org.wenjin.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.model.LanguageModel;

/** The generation loop's contract, run on the real stories260K model (greedy output is known). */
class SessionTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"));
    private static final int BOS = 1;
    /** The reference's greedy text starts "Once upon a time, there was a little girl named Lily." */
    private static LanguageModel model;
    private static String greedyText;

    @BeforeAll
    static void load() throws IOException {
        model = LanguageModel.load(TESTDATA.resolve("stories260K.gguf"));
        greedyText = Files.readString(TESTDATA.resolve("stories260K.greedy-256.txt"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest greedy(int maxTokens) {
        return GenerationRequest.of(maxTokens, SamplingParameters.greedy());
    }

    /** Collects what a listener is given. */
    private static final class Recorder implements GenerationListener {
        final List<Integer> tokens = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void onToken(int token) {
            tokens.add(token);
        }

        @Override
        public void onText(String piece) {
            text.append(piece);
        }
    }

    @Test
    void aStopStringEndsGenerationAndIsCutFromTheTextAndTheStream() {
        Recorder recorder = new Recorder();
        GenerationResult result = new Session(model, 256).generate(new int[] {BOS},
                greedy(200).withStopStrings(List.of("Lily", "zebra")), recorder);
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.stop()).isEqualTo("Lily");
        assertThat(result.text()).isEqualTo("Once upon a time, there was a little girl named ");
        assertThat(recorder.text.toString()).isEqualTo(result.text());
        assertThat(recorder.tokens).containsExactly(Arrays.stream(result.tokens()).boxed().toArray(Integer[]::new));
        assertThat(model.tokenizer().decode(result.tokens())).as("the tokens include the one completing the stop")
                .startsWith(result.text() + "Lily");
    }

    @Test
    void streamedTextEqualsTheResultTextWhenNoStopStringMatches() {
        Recorder recorder = new Recorder();
        GenerationResult result = new Session(model, 256).generate(new int[] {BOS},
                greedy(60).withStopStrings(List.of("Lily's dog")), recorder);
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(recorder.text.toString()).isEqualTo(result.text()).isEqualTo(model.tokenizer().decode(result.tokens()));
        assertThat(greedyText).startsWith(result.text());
    }

    @Test
    void anEndOfGenerationTokenStopsWithoutBeingReturned() {
        int[] reference = new Session(model, 256).generate(new int[] {BOS}, greedy(30), GenerationListener.NONE).tokens();
        int endAt = reference[12];
        Session session = new Session(model.transformer(), 256, token -> token == endAt, model.tokenizer()::newDecoder);
        GenerationResult result = session.generate(new int[] {BOS}, greedy(30), GenerationListener.NONE);
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.stop()).isEqualTo(Integer.toString(endAt));
        int first = 0;
        while (reference[first] != endAt) {
            first++;
        }
        assertThat(result.tokens()).containsExactly(Arrays.copyOf(reference, first));
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedNamingBothLengths() {
        int[] prompt = new int[40];
        Arrays.fill(prompt, 300);
        prompt[0] = BOS;
        Session session = new Session(model, 32);
        assertThatThrownBy(() -> session.generate(prompt, greedy(5), GenerationListener.NONE))
                .isInstanceOf(ContextOverflowException.class)
                .hasMessageContaining("prompt of 40 tokens").hasMessageContaining("context of 32 tokens");
    }

    @Test
    void whenAskedTheOldestPromptTokensAreDroppedToLeaveRoomForTheAnswer() {
        int[] prompt = new int[40];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 260 + i;
        }
        GenerationResult result = new Session(model, 32).generate(prompt, greedy(5).withTruncatedPrompt(true),
                GenerationListener.NONE);
        assertThat(result.truncatedTokens()).isEqualTo(40 - (32 - 5));
        assertThat(result.promptTokens()).isEqualTo(27);
        assertThat(result.tokens()).hasSize(5);
        GenerationResult direct = new Session(model, 32).generate(Arrays.copyOfRange(prompt, 13, 40), greedy(5),
                GenerationListener.NONE);
        assertThat(result.tokens()).isEqualTo(direct.tokens());
    }

    @Test
    void generationEndsWithLengthWhenTheContextIsFull() {
        GenerationResult result = new Session(model, 16).generate(new int[] {BOS, 403, 407}, greedy(100),
                GenerationListener.NONE);
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        // positions 0..15 hold the 3 prompt tokens and the first 13 generated ones; the 14th needs no slot
        assertThat(result.tokens()).hasSize(14);
    }

    @Test
    void cancellationIsSeenBetweenTokens() {
        Recorder recorder = new Recorder();
        GenerationResult result = new Session(model, 256).generate(new int[] {BOS},
                greedy(100).withCancellation(() -> recorder.tokens.size() >= 7), recorder);
        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.tokens()).hasSize(7);
        GenerationResult before = new Session(model, 256).generate(new int[] {BOS, 403},
                greedy(100).withCancellation(() -> true), GenerationListener.NONE);
        assertThat(before.finishReason()).isEqualTo(FinishReason.CANCELLED);
    }

    @Test
    void penaltiesChangeGreedyOutputAwayFromRepetition() {
        GenerationResult plain = new Session(model, 256).generate(new int[] {BOS}, greedy(120), GenerationListener.NONE);
        GenerationResult penalised = new Session(model, 256).generate(new int[] {BOS},
                GenerationRequest.of(120, SamplingParameters.greedy().withPenalties(1.3f, 0.2f, 0.2f, 64)),
                GenerationListener.NONE);
        assertThat(distinct(penalised.tokens())).isGreaterThan(distinct(plain.tokens()));
    }

    @Test
    void invalidPromptsAreRejected() {
        Session session = new Session(model, 32);
        assertThatThrownBy(() -> session.generate(new int[0], greedy(1), GenerationListener.NONE))
                .hasMessageContaining("at least one token");
        assertThatThrownBy(() -> session.generate(new int[] {BOS, 512}, greedy(1), GenerationListener.NONE))
                .hasMessageContaining("prompt token 1 is 512, outside the vocabulary [0, 512)");
        assertThatThrownBy(() -> new Session(model, 4096)).hasMessageContaining("[1, 2048]");
    }

    private static long distinct(int[] tokens) {
        return Arrays.stream(tokens).distinct().count();
    }
}
