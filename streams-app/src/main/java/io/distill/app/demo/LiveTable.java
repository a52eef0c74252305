package io.distill.app.demo;

import io.distill.app.pipeline.MetricsTotals;
import io.distill.avro.DistillMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The demo's live table: one row every few seconds while events flow, {@code vmstat}-style, so it reads the same on a
 * terminal and in a log. Counts are records read with read_committed since the run started; quality and lag are
 * those of the student's latest {@code distill-metrics} windows, about the last {@value #RECENT_EVENTS} events
 * (prequential: each event ranked before the models learn from it).
 */
final class LiveTable {
    /** Quality is shown over the latest windows holding at least this many events: one window is noisy. */
    static final long RECENT_EVENTS = 2000;
    private static final String ROW = "%7s %9s %9s %5s %9s %9s %7s  %7s %7s %7s  %7s %7s %7s %7s";

    private LiveTable() {
    }

    /** The two header lines. */
    static String header() {
        return String.format(Locale.ROOT, "%-63s%-25s%s%n", "", "HR@10, last " + count(RECENT_EVENTS) + " events",
            "NDCG@10, last " + count(RECENT_EVENTS) + " events")
            + String.format(Locale.ROOT, ROW, "time", "produced", "valid", "dlq", "labels", "recs", "recs/s", "student",
                "teacher", "popular", "student", "teacher", "popular", "lag ms");
    }

    /**
     * One row.
     *
     * @param elapsed     since the run started
     * @param produced    records published this run, bad ones included
     * @param snapshot    what the monitor read
     * @param recsPerSec  recommendations per second since the previous row
     */
    static String row(final Duration elapsed, final long produced, final PipelineSnapshot snapshot, final double recsPerSec) {
        final List<DistillMetrics> windows = snapshot.windows();
        final String[] quality = new String[7];
        if (windows.isEmpty()) {
            Arrays.fill(quality, "-");
        } else {
            final MetricsTotals last = recent(windows);
            quality[0] = rate(last.student().hitRate());
            quality[1] = rate(last.teacher().hitRate());
            quality[2] = rate(last.popularity().hitRate());
            quality[3] = rate(last.student().ndcg());
            quality[4] = rate(last.teacher().ndcg());
            quality[5] = rate(last.popularity().ndcg());
            quality[6] = count(Math.round(last.meanLagMillis()));
        }
        return String.format(Locale.ROOT, ROW, clock(elapsed), count(produced), count(snapshot.validRecords()),
            count(snapshot.deadLettered()), count(snapshot.softLabels()), count(snapshot.recommendations()),
            count(Math.round(recsPerSec)), quality[0], quality[1], quality[2], quality[3], quality[4], quality[5], quality[6]);
    }

    /** The totals of the latest windows that together hold at least {@link #RECENT_EVENTS} events (or all of them). */
    static MetricsTotals recent(final List<DistillMetrics> windows) {
        MetricsTotals recent = MetricsTotals.EMPTY;
        for (int i = windows.size() - 1; i >= 0 && recent.events() < RECENT_EVENTS; i--) {
            recent = recent.plus(windows.get(i));
        }
        return recent;
    }

    /** {@code 0.412}. */
    static String rate(final double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** {@code 12,345}. */
    static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 0:07}, {@code 12:34}. */
    static String clock(final Duration duration) {
        final long seconds = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
