package io.distill.app.pipeline;

import io.distill.avro.DistillMetrics;
import io.distill.avro.ModelQuality;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * {@code distill-metrics} windows added up: since each window holds sums, not means, any set of windows (a run, its
 * second half, every task) aggregates exactly, and the rates below are over the events, not an average of windows.
 *
 * @param windows      windows added
 * @param events       events in them
 * @param lossSum      sum of the distillation loss before each update
 * @param student      the student's prequential quality
 * @param teacher      the teacher's
 * @param popularity   the popularity baseline's
 * @param agreementSum sum of the teacher–student top-10 agreement
 * @param lagMsSum     sum of the processing lag
 * @param lagMsMax     largest processing lag of any event
 */
public record MetricsTotals(long windows, long events, double lossSum, Score student, Score teacher, Score popularity,
                            double agreementSum, long lagMsSum, long lagMsMax) {

    /** No window. */
    public static final MetricsTotals EMPTY = new MetricsTotals(0, 0, 0, Score.EMPTY, Score.EMPTY, Score.EMPTY, 0, 0, 0);

    /**
     * One model's prequential quality: events ranked (the item new to the user), hits in the top 10, NDCG@10 sum.
     *
     * @param evaluated events ranked
     * @param hits      of those, the item was in the top 10
     * @param ndcgSum   sum of NDCG@10
     */
    public record Score(long evaluated, long hits, double ndcgSum) {
        /** Nothing ranked. */
        public static final Score EMPTY = new Score(0, 0, 0);

        /** HR@10: hits over events ranked; 0 when none was. */
        public double hitRate() {
            return evaluated == 0 ? 0 : (double) hits / evaluated;
        }

        /** NDCG@10 averaged over events ranked; 0 when none was. */
        public double ndcg() {
            return evaluated == 0 ? 0 : ndcgSum / evaluated;
        }

        Score plus(final ModelQuality quality) {
            return new Score(evaluated + quality.getEvaluated(), hits + quality.getHits(), ndcgSum + quality.getNdcgSum());
        }
    }

    /**
     * The windows' totals split in two halves of the stream by event time: windows ordered by the event time of their
     * last event (then task, then index), each in the half its midpoint (in events) falls into. With one task that
     * is simply the first and the second half of the windows.
     *
     * @param first  the earlier half
     * @param second the later half
     */
    public record Halves(MetricsTotals first, MetricsTotals second) {
    }

    /** Splits {@code windows} into the earlier and the later half of the stream; see {@link Halves}. */
    public static Halves halves(final Collection<DistillMetrics> windows) {
        final List<DistillMetrics> ordered = new ArrayList<>(windows);
        ordered.sort(Comparator.comparing(DistillMetrics::getWindowEnd).thenComparing(DistillMetrics::getTask)
            .thenComparingLong(DistillMetrics::getWindow));
        final double total = ordered.stream().mapToLong(DistillMetrics::getEvents).sum();
        MetricsTotals first = EMPTY;
        MetricsTotals second = EMPTY;
        long before = 0;
        for (final DistillMetrics window : ordered) {
            if (before + window.getEvents() / 2.0 < total / 2.0) {
                first = first.plus(window);
            } else {
                second = second.plus(window);
            }
            before += window.getEvents();
        }
        return new Halves(first, second);
    }

    /** The totals of {@code windows}. */
    public static MetricsTotals of(final Collection<DistillMetrics> windows) {
        MetricsTotals totals = EMPTY;
        for (final DistillMetrics window : windows) {
            totals = totals.plus(window);
        }
        return totals;
    }

    /** These totals with {@code window} added. */
    public MetricsTotals plus(final DistillMetrics window) {
        return new MetricsTotals(windows + 1, events + window.getEvents(), lossSum + window.getLossSum(),
            student.plus(window.getStudent()), teacher.plus(window.getTeacher()), popularity.plus(window.getPopularity()),
            agreementSum + window.getAgreementSum(), lagMsSum + window.getLagMsSum(), Math.max(lagMsMax, window.getLagMsMax()));
    }

    /** Mean distillation loss per event; 0 without events. */
    public double meanLoss() {
        return events == 0 ? 0 : lossSum / events;
    }

    /** Mean teacher–student top-10 agreement per event; 0 without events. */
    public double meanAgreement() {
        return events == 0 ? 0 : agreementSum / events;
    }

    /** Mean processing lag per event in milliseconds; 0 without events. */
    public double meanLagMillis() {
        return events == 0 ? 0 : (double) lagMsSum / events;
    }
}
