package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.datasets.SyntheticParams;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static BenchOptions with(final long events, final int repeat, final OptionalDouble rate, final long latencyEvents,
                                     final Duration timeout) {
        return new BenchOptions(events, 500, 1000, 42, repeat, rate, latencyEvents, timeout, false, false);
    }

    @Test
    void theDefaultsAreTheDefaultSyntheticWorld() {
        assertThat(BenchOptions.DEFAULTS.syntheticParams()).isEqualTo(SyntheticParams.DEFAULTS);
    }

    @Test
    void theWorldIsLongEnoughForTheLongerOfBacklogAndLatencyRun() {
        assertThat(with(1000, 1, OptionalDouble.empty(), 3000, Duration.ofMinutes(1)).syntheticParams().events()).isEqualTo(3000);
        assertThat(with(1000, 1, OptionalDouble.empty(), 0, Duration.ofMinutes(1)).syntheticParams().events()).isEqualTo(1000);
    }

    @Test
    void badValuesNameTheirOption() {
        final Duration minute = Duration.ofMinutes(1);
        assertThatThrownBy(() -> with(0, 1, OptionalDouble.empty(), 0, minute)).hasMessageContaining("--events");
        assertThatThrownBy(() -> with(10, 0, OptionalDouble.empty(), 0, minute)).hasMessageContaining("--repeat");
        assertThatThrownBy(() -> with(10, 1, OptionalDouble.of(0), 0, minute)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> with(10, 1, OptionalDouble.of(Double.POSITIVE_INFINITY), 0, minute)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> with(10, 1, OptionalDouble.empty(), -1, minute)).hasMessageContaining("--latency-events");
        assertThatThrownBy(() -> with(10, 1, OptionalDouble.empty(), 0, Duration.ZERO)).hasMessageContaining("--timeout");
    }
}
