package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void latenciesAreTakenFromTheSendTimeOfTheSameEvent() {
        final LatencyRecorder recorder = new LatencyRecorder(List.of("e0", "e1", "e2"));
        recorder.sent(0, T0);
        recorder.sent(1, T0 + 100);
        recorder.sent(2, T0 + 200);

        // out of order, as partitions or a slow first event may deliver them
        assertThat(recorder.received("e2", T0 + 230, T0 + 260)).isTrue();
        assertThat(recorder.received("e0", T0 + 10, T0 + 40)).isTrue();
        assertThat(recorder.received("e1", T0 + 150, T0 + 400)).isTrue();

        assertThat(recorder.count()).isEqualTo(3);
        assertThat(recorder.generated()).isEqualTo(new Percentiles(3, 30, 50, 50));
        assertThat(recorder.received()).isEqualTo(new Percentiles(3, 60, 300, 300));
        assertThat(recorder.ignored()).isZero();
    }

    @Test
    void repeatsUnknownAndUnsentEventsDoNotCount() {
        final LatencyRecorder recorder = new LatencyRecorder(List.of("e0", "e1"));
        recorder.sent(0, T0);

        assertThat(recorder.received("e0", T0 + 5, T0 + 6)).isTrue();
        assertThat(recorder.received("e0", T0 + 7, T0 + 8)).isFalse();
        assertThat(recorder.received("other-run:0", T0 + 7, T0 + 8)).isFalse();
        assertThat(recorder.received("e1", T0 + 7, T0 + 8)).isFalse();

        assertThat(recorder.count()).isEqualTo(1);
        assertThat(recorder.ignored()).isEqualTo(3);
        assertThat(recorder.generated()).isEqualTo(new Percentiles(1, 5, 5, 5));
    }

    @Test
    void eventIdsMustBeUnique() {
        assertThatThrownBy(() -> new LatencyRecorder(List.of("e0", "e0"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("e0");
    }
}
