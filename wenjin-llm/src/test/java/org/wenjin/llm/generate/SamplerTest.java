package org.wenjin.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** Logits whose softmax is exactly the given distribution (up to rounding). */
    private static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    /** Draws n tokens from fresh copies of the logits and returns how often each came up. */
    private static int[] histogram(Sampler sampler, float[] logits, int n) {
        int[] counts = new int[logits.length];
        for (int i = 0; i < n; i++) {
            counts[sampler.sample(logits.clone())]++;
        }
        return counts;
    }

    private static Set<Integer> drawn(int[] histogram) {
        Set<Integer> tokens = new TreeSet<>();
        for (int token = 0; token < histogram.length; token++) {
            if (histogram[token] > 0) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** Temperature is applied after the filters, so a high one makes every surviving candidate likely. */
    private static SamplingParameters flat(long seed) {
        return new SamplingParameters(1000f, 0, 1f, 0f, 1f, 0f, 0f, 0, seed);
    }

    @Test
    void greedyTakesTheHighestLogitAndBreaksTiesTowardsTheLowestId() {
        Sampler sampler = new Sampler(SamplingParameters.greedy(), 5);
        assertThat(sampler.sample(new float[] {0.1f, 3f, -2f, 2.9f, 0f})).isEqualTo(1);
        assertThat(sampler.sample(new float[] {1f, 4f, 4f, Float.NaN, 4f})).isEqualTo(1);
    }

    @Test
    void theSameSeedDrawsTheSameTokensAndAnotherSeedDoesNot() {
        float[] logits = new float[200];
        Random random = new Random(7);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        SamplingParameters parameters = SamplingParameters.defaults(42).withTopK(0).withMinP(0f).withTemperature(1f);
        int[] first = IntStream.range(0, 100).map(i -> 0).toArray();
        int[] second = first.clone();
        int[] other = first.clone();
        Sampler a = new Sampler(parameters, logits.length);
        Sampler b = new Sampler(parameters, logits.length);
        Sampler c = new Sampler(parameters.withSeed(43), logits.length);
        for (int i = 0; i < first.length; i++) {
            first[i] = a.sample(logits.clone());
            second[i] = b.sample(logits.clone());
            other[i] = c.sample(logits.clone());
        }
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void atTemperatureOneTokensAreDrawnInProportionToTheirSoftmaxProbability() {
        int[] counts = histogram(new Sampler(SamplingParameters.greedy().withTemperature(1f).withSeed(1), 3),
                logitsOf(0.7, 0.2, 0.1), 20_000);
        assertThat(counts[0] / 20_000.0).isCloseTo(0.7, offset(0.015));
        assertThat(counts[1] / 20_000.0).isCloseTo(0.2, offset(0.015));
        assertThat(counts[2] / 20_000.0).isCloseTo(0.1, offset(0.015));
    }

    @Test
    void temperatureTDrawsInProportionToProbabilityToThePowerOneOverT() {
        double[] probabilities = {0.4, 0.35, 0.25};
        int[] counts = histogram(new Sampler(SamplingParameters.greedy().withTemperature(0.1f).withSeed(3), 3),
                logitsOf(probabilities), 20_000);
        double total = 0;
        for (double p : probabilities) {
            total += Math.pow(p, 10);
        }
        for (int token = 0; token < 3; token++) {
            assertThat(counts[token] / 20_000.0).as("token %d", token)
                    .isCloseTo(Math.pow(probabilities[token], 10) / total, offset(0.015));
        }
        assertThat(counts[0]).as("sharper than the untempered 40%").isGreaterThan(15_000);
    }

    @Test
    void topKKeepsOnlyTheKHighestLogits() {
        float[] logits = {0.5f, 2f, -1f, 1.5f, 3f, 0f, 1f};
        int[] counts = histogram(new Sampler(flat(5).withTopK(3), logits.length), logits, 3000);
        assertThat(drawn(counts)).containsExactly(1, 3, 4);
    }

    @Test
    void topKOfOneIsGreedyAtAnyTemperature() {
        float[] logits = {0.5f, 2f, -1f, 2.5f};
        assertThat(drawn(histogram(new Sampler(flat(9).withTopK(1), 4), logits, 500))).containsExactly(3);
    }

    @Test
    void topPKeepsTheSmallestHeadWhoseProbabilityReachesP() {
        float[] logits = logitsOf(0.1, 0.5, 0.05, 0.3, 0.05);
        // sorted: 0.5 (1), 0.3 (3), 0.1 (0), ... ; 0.5 < 0.75 <= 0.8 keeps tokens 1 and 3
        assertThat(drawn(histogram(new Sampler(flat(11).withTopP(0.75f), 5), logits, 3000))).containsExactly(1, 3);
        // 0.8 < 0.85 <= 0.9 adds token 0, the one that crosses p
        assertThat(drawn(histogram(new Sampler(flat(11).withTopP(0.85f), 5), logits, 3000))).containsExactly(0, 1, 3);
        // a p below the top probability still keeps the top token
        assertThat(drawn(histogram(new Sampler(flat(11).withTopP(0.01f), 5), logits, 300))).containsExactly(1);
    }

    @Test
    void topPOverALargeVocabularyMatchesAFullSortOfTheSoftmax() {
        // flat logits make the sampler lower its pre-selection threshold; steep ones keep the nucleus small
        int[] sizes = {200, 1000, 500};
        double[] spreads = {0.3, 3, 2};
        float[] ps = {0.9f, 0.5f, 0.9f};
        for (int round = 0; round < sizes.length; round++) {
            Random random = new Random(round);
            float[] logits = new float[sizes[round]];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (random.nextGaussian() * spreads[round]);
            }
            Set<Integer> expected = nucleusBySorting(logits, ps[round]);
            int draws = 40 * expected.size() + 500;
            Set<Integer> actual = drawn(histogram(new Sampler(flat(round).withTopP(ps[round]), logits.length), logits, draws));
            assertThat(actual).as("round %d, nucleus of %d tokens", round, expected.size()).isEqualTo(expected);
        }
    }

    /** The definition of top-p, written the slow obvious way. */
    private static Set<Integer> nucleusBySorting(float[] logits, float p) {
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -logits[t]).thenComparingInt(t -> t));
        double max = logits[order[0]];
        double total = 0;
        for (float logit : logits) {
            total += Math.exp(logit - max);
        }
        Set<Integer> nucleus = new TreeSet<>();
        double cumulative = 0;
        for (int token : order) {
            nucleus.add(token);
            cumulative += Math.exp(logits[token] - max);
            if (cumulative >= p * total) {
                break;
            }
        }
        return nucleus;
    }

    @Test
    void minPDropsTokensLessLikelyThanMinPTimesTheTopToken() {
        float[] logits = logitsOf(0.08, 0.6, 0.02, 0.3);
        // 0.1 * 0.6 = 0.06: 0.08 survives, 0.02 does not
        assertThat(drawn(histogram(new Sampler(flat(13).withMinP(0.1f), 4), logits, 3000))).containsExactly(0, 1, 3);
        assertThat(drawn(histogram(new Sampler(flat(13).withMinP(0.2f), 4), logits, 3000))).containsExactly(1, 3);
    }

    @Test
    void filtersApplyInOrderTopKThenTopPThenMinP() {
        float[] logits = logitsOf(0.4, 0.3, 0.2, 0.1);
        // top-k 3 renormalises to 4/9, 3/9, 2/9; top-p 0.7 then keeps 4/9 + 3/9 = 0.78
        SamplingParameters parameters = flat(17).withTopK(3).withTopP(0.7f);
        assertThat(drawn(histogram(new Sampler(parameters, 4), logits, 2000))).containsExactly(0, 1);
        // min-p 0.8 of the top (0.4) then drops 0.3
        assertThat(drawn(histogram(new Sampler(parameters.withMinP(0.8f), 4), logits, 2000))).containsExactly(0);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfRecentTokens() {
        PenaltyWindow window = new PenaltyWindow(8, 4);
        window.add(0);
        window.add(1);
        window.add(0);
        float[] logits = {2f, -1f, 3f, 0.5f};
        window.apply(logits, 2f, 0f, 0f);
        assertThat(logits).containsExactly(1f, -2f, 3f, 0.5f);
    }

    @Test
    void frequencyPenaltyCountsOccurrencesAndPresencePenaltyDoesNot() {
        PenaltyWindow window = new PenaltyWindow(8, 4);
        for (int token : new int[] {2, 2, 2, 3}) {
            window.add(token);
        }
        float[] logits = {1f, 1f, 1f, 1f};
        window.apply(logits, 1f, 0.5f, 0.25f);
        assertThat(logits).containsExactly(1f, 1f, 1f - 1.5f - 0.25f, 1f - 0.5f - 0.25f);
    }

    @Test
    void thePenaltyWindowForgetsTokensOlderThanItsLength() {
        PenaltyWindow window = new PenaltyWindow(2, 4);
        for (int token : new int[] {0, 1, 0, 2}) {
            window.add(token);
        }
        assertThat(window.count(0)).isEqualTo(1);
        assertThat(window.count(1)).isZero();
        assertThat(window.count(2)).isEqualTo(1);
        float[] logits = {1f, 1f, 1f, 1f};
        window.apply(logits, 1f, 1f, 0f);
        assertThat(logits).containsExactly(0f, 1f, 0f, 1f);
    }

    @Test
    void aPenalisedRepeatLosesToTheRunnerUpUnderGreedyDecoding() {
        SamplingParameters parameters = SamplingParameters.greedy().withPenalties(1.5f, 0f, 0f, 4);
        Sampler sampler = new Sampler(parameters, 3);
        float[] logits = {3f, 2.5f, 0f};
        assertThat(sampler.sample(logits.clone())).isEqualTo(0);
        sampler.accept(0);
        assertThat(sampler.sample(logits.clone())).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            sampler.accept(2); // token 0 slides out of the window of 4
        }
        assertThat(sampler.sample(logits.clone())).isEqualTo(0);
    }

    @Test
    void rejectsLogitsWithNothingFiniteAndTokensOutsideTheVocabulary() {
        Sampler sampler = new Sampler(SamplingParameters.defaults(1), 2);
        assertThatThrownBy(() -> sampler.sample(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> sampler.accept(2)).hasMessageContaining("outside the vocabulary [0, 2)");
        assertThatThrownBy(() -> sampler.sample(new float[1])).hasMessageContaining("expected 2 logits");
    }

    @Test
    void parametersOutsideTheirRangeAreRejectedByName() {
        assertThatThrownBy(() -> SamplingParameters.greedy().withTemperature(-1f)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingParameters.greedy().withTopP(0f)).hasMessageContaining("topP");
        assertThatThrownBy(() -> SamplingParameters.greedy().withMinP(1.5f)).hasMessageContaining("minP");
        assertThatThrownBy(() -> SamplingParameters.greedy().withTopK(-1)).hasMessageContaining("topK");
        assertThatThrownBy(() -> SamplingParameters.greedy().withPenalties(0f, 0f, 0f, 64))
                .hasMessageContaining("repetitionPenalty");
    }

    @Test
    void selectionPutsTheKSmallestKeysFirst() {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            int size = 1 + random.nextInt(300);
            long[] keys = random.longs(size).distinct().toArray();
            int k = 1 + random.nextInt(keys.length);
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            Sampler.selectSmallest(keys, keys.length, k);
            long[] head = Arrays.copyOf(keys, k);
            Arrays.sort(head);
            assertThat(head).isEqualTo(Arrays.copyOf(sorted, k));
        }
    }

    @Test
    void keysOrderByDescendingLogitThenAscendingToken() {
        long[] keys = {
            Sampler.key(-1f, 0), Sampler.key(2f, 5), Sampler.key(2f, 1), Sampler.key(-0f, 3),
            Sampler.key(0f, 2), Sampler.key(Float.NEGATIVE_INFINITY, 4), Sampler.key(1e-30f, 6)
        };
        Arrays.sort(keys);
        assertThat(Arrays.stream(keys).mapToInt(Sampler::token).toArray()).containsExactly(1, 5, 6, 2, 3, 0, 4);
    }
}
