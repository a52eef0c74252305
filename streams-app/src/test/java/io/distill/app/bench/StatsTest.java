package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Stats.median(30.0, 10.0, 20.0)).isEqualTo(20.0);
        assertThat(Stats.median(7.5)).isEqualTo(7.5);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.median(4.0, 1.0, 3.0, 2.0)).isEqualTo(2.5);
    }

    @Test
    void theMedianDoesNotReorderItsInput() {
        final double[] values = {3.0, 1.0, 2.0};

        Stats.median(values);

        assertThat(values).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void theMedianOfNothingOrOfNaNIsRefused() {
        assertThatThrownBy(Stats::median).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.median(1.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("NaN");
    }

    @Test
    void minAndMax() {
        assertThat(Stats.min(3.0, -1.0, 2.0)).isEqualTo(-1.0);
        assertThat(Stats.max(3.0, -1.0, 2.0)).isEqualTo(3.0);
        assertThatThrownBy(Stats::min).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesAreNearestRank() {
        final long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();

        assertThat(Stats.percentile(oneToHundred, 0.5)).isEqualTo(50);
        assertThat(Stats.percentile(oneToHundred, 0.99)).isEqualTo(99);
        assertThat(Stats.percentile(oneToHundred, 1.0)).isEqualTo(100);
        assertThat(Stats.percentile(oneToHundred, 0.001)).isEqualTo(1);
    }

    @Test
    void aPercentileOfFewValuesIsOneOfThem() {
        final long[] values = {400, 10, 20};

        assertThat(Stats.percentile(values, 0.5)).isEqualTo(20);
        assertThat(Stats.percentile(values, 0.99)).isEqualTo(400);
        assertThat(values).containsExactly(400, 10, 20);
    }

    @Test
    void aPercentileNeedsValuesAndAFractionInRange() {
        assertThatThrownBy(() -> Stats.percentile(new long[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
