package io.distill.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distill.avro.DistillMetrics;
import io.distill.avro.ModelQuality;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTotalsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** A window of 100 events ending at minute {@code end}, with the given hits out of 50 ranked per model. */
    static DistillMetrics window(final String task, final long index, final long end, final long studentHits,
                                 final long teacherHits, final long popularityHits) {
        return DistillMetrics.newBuilder().setWorker("student").setTask(task).setWindow(index)
            .setWindowStart(T0.plusSeconds(60 * (end - 1))).setWindowEnd(T0.plusSeconds(60 * end)).setEvents(100)
            .setLossSum(50).setStudent(quality(studentHits)).setTeacher(quality(teacherHits))
            .setPopularity(quality(popularityHits)).setAgreementSum(40).setLagMsSum(1000).setLagMsMax(end * 10)
            .setModelVersion("student/" + task + "@" + index).setEmittedAt(T0).build();
    }

    private static ModelQuality quality(final long hits) {
        return new ModelQuality(50L, hits, hits * 0.5, hits * 0.25);
    }

    @Test
    void windowsAddUpAsSumsNotAsAnAverageOfRates() {
        final DistillMetrics a = window("0_0", 0, 1, 10, 20, 5);
        final DistillMetrics b = window("0_0", 1, 2, 30, 20, 5);
        final DistillMetrics c = DistillMetrics.newBuilder(b).setWindow(2).setEvents(300)
            .setStudent(new ModelQuality(150L, 0L, 0.0, 0.0)).build();

        final MetricsTotals totals = MetricsTotals.of(List.of(a, b, c));

        assertThat(totals.windows()).isEqualTo(3);
        assertThat(totals.events()).isEqualTo(500);
        assertThat(totals.student().evaluated()).isEqualTo(250);
        assertThat(totals.student().hitRate()).isCloseTo(40.0 / 250, within(1e-12));
        assertThat(totals.student().ndcg()).isCloseTo(20.0 / 250, within(1e-12));
        assertThat(totals.teacher().hitRate()).isCloseTo(60.0 / 150, within(1e-12));
        assertThat(totals.popularity().hitRate()).isCloseTo(15.0 / 150, within(1e-12));
        assertThat(totals.meanLoss()).isCloseTo(150.0 / 500, within(1e-12));
        assertThat(totals.meanAgreement()).isCloseTo(120.0 / 500, within(1e-12));
        assertThat(totals.meanLagMillis()).isCloseTo(3000.0 / 500, within(1e-12));
        assertThat(totals.lagMsMax()).isEqualTo(20);
    }

    @Test
    void nothingRankedIsZeroNotNaN() {
        assertThat(MetricsTotals.EMPTY.student().hitRate()).isZero();
        assertThat(MetricsTotals.EMPTY.student().ndcg()).isZero();
        assertThat(MetricsTotals.EMPTY.meanLoss()).isZero();
        assertThat(MetricsTotals.of(List.of())).isEqualTo(MetricsTotals.EMPTY);
    }

    @Test
    void halvesSplitByEventTimeAcrossTasksWhateverTheReadOrder() {
        // two tasks, read out of order; by event time: t0 w0 (1), t1 w0 (2), t0 w1 (3), t1 w1 (4)
        final List<DistillMetrics> windows = List.of(window("0_1", 1, 4, 40, 0, 0), window("0_0", 0, 1, 10, 0, 0),
            window("0_0", 1, 3, 30, 0, 0), window("0_1", 0, 2, 20, 0, 0));

        final MetricsTotals.Halves halves = MetricsTotals.halves(windows);

        assertThat(halves.first().windows()).isEqualTo(2);
        assertThat(halves.first().student().hits()).isEqualTo(10 + 20);
        assertThat(halves.second().student().hits()).isEqualTo(30 + 40);
        assertThat(MetricsTotals.halves(List.of(window("0_0", 0, 1, 10, 0, 0))).second().windows())
            .as("a single window is in the later half").isOne();
    }
}
