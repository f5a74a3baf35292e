package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvCacheTest {

    @Test
    void storesOnePositionPerRowAndKeepsItWhenStorageGrows() {
        KvCache cache = new KvCache(2, 3, 2, 1000);
        cache.reserve(1);
        cache.store(1, 0, new float[] {1, 2, 3}, new float[] {4, 5});
        cache.reserve(600);
        cache.store(1, 599, new float[] {7, 8, 9}, new float[] {10, 11});
        assertThat(cache.allocated()).isBetween(600, 1000);
        assertThat(new float[] {cache.key(1, 0), cache.key(1, 1), cache.key(1, 2)}).containsExactly(1, 2, 3);
        assertThat(new float[] {cache.key(1, 599 * 3), cache.key(1, 599 * 3 + 2)}).containsExactly(7, 9);
        assertThat(cache.value(1, 599 * 2 + 1)).isEqualTo(11);
        assertThat(cache.key(0, 0)).isZero();
    }

    @Test
    void growsOnlyAsFarAsPositionsAreReserved() {
        KvCache cache = new KvCache(1, 4, 4, 131072);
        assertThat(cache.allocated()).isZero();
        cache.reserve(10);
        assertThat(cache.allocated()).isEqualTo(256);
        assertThat(cache.bytes()).isEqualTo(256L * (4 + 4) * Float.BYTES);
    }

    @Test
    void anF16CacheHoldsEachEntryRoundedToHalfPrecisionInHalfTheMemory() {
        KvCache f32 = new KvCache(2, 40, 24, 512, KvCache.Precision.F32);
        KvCache f16 = new KvCache(2, 40, 24, 512, KvCache.Precision.F16);
        Random random = new Random(11);
        for (int position = 0; position < 300; position++) {
            float[] key = gaussian(random, 40, 3f);
            float[] value = gaussian(random, 24, 3f);
            f32.reserve(position + 1);
            f16.reserve(position + 1);
            f32.store(1, position, key, value);
            f16.store(1, position, key, value);
            for (int i = 0; i < 40; i++) {
                assertThat(f16.key(1, position * 40 + i)).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(key[i])));
            }
        }
        assertThat(f16.bytes() * 2).isEqualTo(f32.bytes());
    }

    @Test
    void attentionReadsTheStoredEntriesInEitherPrecision() {
        for (KvCache.Precision precision : KvCache.Precision.values()) {
            KvCache cache = new KvCache(1, 64, 64, 64, precision);
            Random random = new Random(5);
            cache.reserve(10);
            for (int position = 0; position < 10; position++) {
                // Keys beyond the half range are stored as infinities and must read back as such.
                float[] key = gaussian(random, 64, position == 7 ? 1e5f : 2f);
                cache.store(0, position, key, 0, gaussian(random, 64, 2f), 0);
            }
            float[] q = gaussian(random, 80, 1f);
            for (int position = 0; position < 10; position++) {
                // Head 1 of two 32-wide heads, the query at offset 16 of q; 29 entries exercise the scalar tail.
                for (int n : new int[] {32, 29}) {
                    double expected = 0;
                    for (int i = 0; i < n; i++) {
                        expected += (double) cache.key(0, position * 64 + 32 + i) * q[16 + i];
                    }
                    float actual = cache.keyDot(0, position, 32, q, 16, n);
                    if (Double.isNaN(expected)) {
                        assertThat(actual).as("%s position %d: infinities of both signs", precision, position).isNaN();
                    } else if (Double.isInfinite(expected)) {
                        assertThat(actual).as("%s position %d", precision, position).isEqualTo((float) expected);
                    } else {
                        assertThat((double) actual).as("%s position %d n %d", precision, position, n)
                                .isCloseTo(expected, offset(1e-4 * (1 + Math.abs(expected))));
                    }
                }
                float[] out = new float[40];
                Arrays.fill(out, 1f);
                cache.addValue(0, position, 32, 0.5f, out, 3, 29);
                for (int i = 0; i < 29; i++) {
                    assertThat(out[3 + i]).isCloseTo(1f + 0.5f * cache.value(0, position * 64 + 32 + i), offset(1e-5f));
                }
                assertThat(out[2]).isEqualTo(1f);
                assertThat(out[32]).isEqualTo(1f);
            }
        }
    }

    @Test
    void precisionsAreNamedF32AndF16() {
        assertThat(KvCache.Precision.parse(" F16 ")).isEqualTo(KvCache.Precision.F16);
        assertThat(KvCache.Precision.parse("f32")).isEqualTo(KvCache.Precision.F32);
        assertThatThrownBy(() -> KvCache.Precision.parse("q8")).hasMessage("KV cache precision must be f32 or f16, not 'q8'");
    }

    private static float[] gaussian(Random random, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian() * scale;
        }
        return x;
    }

    @Test
    void refusesPositionsBeyondItsCapacity() {
        KvCache cache = new KvCache(1, 4, 4, 16);
        assertThatThrownBy(() -> cache.reserve(17)).hasMessageContaining("position 16 is beyond the context of 16");
    }
}
