package io.distill.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void ndcgWithOneRelevantItemMatchesHandComputedValues() {
        assertThat(RankingMetrics.ndcg(0, 10)).isEqualTo(1.0);
        assertThat(RankingMetrics.ndcg(1, 10)).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12)); // 0.6309...
        assertThat(RankingMetrics.ndcg(1, 10)).isCloseTo(0.63093, within(1e-5));
        assertThat(RankingMetrics.ndcg(9, 10)).isCloseTo(0.28906, within(1e-5)); // 1/log2(11)
        assertThat(RankingMetrics.ndcg(10, 10)).isZero();
        assertThat(RankingMetrics.ndcg(-1, 10)).isZero();
    }

    @Test
    void hitAndReciprocalRank() {
        assertThat(RankingMetrics.hit(9, 10)).isEqualTo(1);
        assertThat(RankingMetrics.hit(10, 10)).isZero();
        assertThat(RankingMetrics.reciprocalRank(0)).isEqualTo(1.0);
        assertThat(RankingMetrics.reciprocalRank(3)).isEqualTo(0.25);
        assertThat(RankingMetrics.reciprocalRank(-1)).isZero();
    }

    @Test
    void rankIgnoresSeenItemsAndBreaksTiesByIndex() {
        //                 0    1    2    3    4
        final float[] s = {0.9f, 0.8f, 0.8f, 0.7f, 0.95f};
        final IntSet seen = new IntSet();
        seen.add(4);
        assertThat(RankingMetrics.rankOf(s, 5, 0, seen)).isZero();
        assertThat(RankingMetrics.rankOf(s, 5, 2, seen)).isEqualTo(2); // 0 and 1 (tie, lower index) ahead
        assertThat(RankingMetrics.rankOf(s, 5, 2, null)).isEqualTo(3);
    }

    @Test
    void qualityAggregatesSumsExactly() {
        final Quality a = new Quality();
        a.record(0);   // hit, ndcg 1, rr 1
        a.record(20);  // miss, rr 1/21
        final Quality b = new Quality();
        b.record(1);   // hit, ndcg 0.6309, rr 0.5
        b.record(-1);  // unrankable
        a.add(b);
        assertThat(a.evaluated()).isEqualTo(4);
        assertThat(a.hitRate()).isEqualTo(0.5);
        assertThat(a.ndcg()).isCloseTo((1 + 0.6309297535714575) / 4, within(1e-12));
        assertThat(a.mrr()).isCloseTo((1 + 1.0 / 21 + 0.5) / 4, within(1e-12));
    }
}
