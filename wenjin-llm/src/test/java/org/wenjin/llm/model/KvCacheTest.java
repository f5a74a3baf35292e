package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        float[] keys = cache.keys(1);
        assertThat(new float[] {keys[0], keys[1], keys[2]}).containsExactly(1, 2, 3);
        assertThat(new float[] {keys[599 * 3], keys[599 * 3 + 2]}).containsExactly(7, 9);
        assertThat(cache.values(1)[599 * 2 + 1]).isEqualTo(11);
        assertThat(cache.keys(0)[0]).isZero();
    }

    @Test
    void growsOnlyAsFarAsPositionsAreReserved() {
        KvCache cache = new KvCache(1, 4, 4, 131072);
        assertThat(cache.allocated()).isZero();
        cache.reserve(10);
        assertThat(cache.allocated()).isEqualTo(256);
        assertThat(cache.keys(0)).hasSize(256 * 4);
    }

    @Test
    void refusesPositionsBeyondItsCapacity() {
        KvCache cache = new KvCache(1, 4, 4, 16);
        assertThatThrownBy(() -> cache.reserve(17)).hasMessageContaining("position 16 is beyond the context of 16");
    }
}
