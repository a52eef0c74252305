package io.distill.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntSetTest {

    @Test
    void behavesLikeAHashSetAndKeepsInsertionOrder() {
        final SplittableRandom random = new SplittableRandom(3);
        final IntSet set = new IntSet();
        final Set<Integer> reference = new HashSet<>();
        final java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            final int v = random.nextInt(3000);
            final boolean added = set.add(v);
            assertThat(added).isEqualTo(reference.add(v));
            if (added) {
                order.add(v);
            }
        }
        assertThat(set.size()).isEqualTo(reference.size());
        for (int v = 0; v < 3000; v++) {
            assertThat(set.contains(v)).isEqualTo(reference.contains(v));
        }
        assertThat(set.toArray()).containsExactly(order.stream().mapToInt(Integer::intValue).toArray());
        assertThat(set.contains(-5)).isFalse();
    }
}
