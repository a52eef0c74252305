package io.distill.app.replay;

import io.distill.app.pipeline.MetricsTotals;
import io.distill.student.stream.StudentChecksum;
import java.time.Duration;
import java.util.Map;

/**
 * What a replay did and what it built.
 *
 * @param plan     what was replayed
 * @param outputs  records the replay committed to each of its output topics, in pipeline order
 * @param labels   labels the replayed student consumed (its counters)
 * @param took     from the start of the services to the student having caught up
 * @param checksum digest of the replayed student's weights ({@link StudentChecksum#fromChangelogs})
 * @param replayed prequential quality of the replayed student: its distill-metrics windows added up
 * @param original the same for the original student, over every window it published
 */
public record ReplayResult(ReplayPlan plan, Map<String, Long> outputs, long labels, Duration took, StudentChecksum checksum,
                           MetricsTotals replayed, MetricsTotals original) {

    /** The replayed student's NDCG@10 relative to the original's ({@code replayed / original - 1}); 0 if either has none. */
    public double relativeNdcgDifference() {
        final double before = original.student().ndcg();
        return before == 0 || replayed.student().evaluated() == 0 ? 0 : replayed.student().ndcg() / before - 1;
    }
}
