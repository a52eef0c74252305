package io.distill.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void selectsBestFirstWithLowerIndexWinningTies() {
        final float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f};
        assertThat(new TopK(3).select(scores, null)).containsExactly(1, 4, 0);
    }

    @Test
    void skipsExcludedItemsAndReturnsFewerWhenCatalogueIsSmall() {
        final float[] scores = {3f, 2f, 1f};
        final IntSet seen = new IntSet();
        seen.add(0);
        assertThat(new TopK(5).select(scores, seen)).containsExactly(1, 2);
    }

    @Test
    void agreesWithAFullSortOnRandomScoresWithTies() {
        final SplittableRandom random = new SplittableRandom(7);
        final TopK topK = new TopK(10);
        for (int trial = 0; trial < 200; trial++) {
            final int n = 1 + random.nextInt(300);
            final float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(20) / 4f; // many ties on purpose
            }
            final IntSet seen = new IntSet();
            for (int i = 0; i < n / 5; i++) {
                seen.add(random.nextInt(n));
            }
            final List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!seen.contains(i)) {
                    expected.add(i);
                }
            }
            expected.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
            final int[] actual = topK.select(scores, seen);
            assertThat(actual).containsExactly(expected.subList(0, Math.min(10, expected.size())).stream().mapToInt(Integer::intValue).toArray());
            // rankOf gives each selected item exactly its served position
            for (int position = 0; position < actual.length; position++) {
                assertThat(RankingMetrics.rankOf(scores, n, actual[position], seen)).isEqualTo(position);
            }
        }
    }
}
