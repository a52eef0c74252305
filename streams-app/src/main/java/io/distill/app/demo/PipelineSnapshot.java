package io.distill.app.demo;

import io.distill.avro.DistillMetrics;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link PipelineMonitor} has read so far, since its start, from every topic with read_committed.
 *
 * @param interactions             records on {@code interactions}
 * @param validRecords             records on {@code interactions-valid}
 * @param validEvents              distinct eventIds among them
 * @param deadLettered             records on {@code interactions-dlq}
 * @param deadLetterReasons        dead-lettered records by {@code distill.dlq.reason}, sorted by reason
 * @param softLabels               records on {@code soft-labels}
 * @param recommendations          records on {@code recommendations}
 * @param labelledEvents           valid events with a soft label
 * @param recommendedEvents        valid events with a recommendation
 * @param completeEvents           valid events with both
 * @param duplicateLabels          soft labels for an event that already had one
 * @param duplicateRecommendations recommendations for an event that already had one
 * @param users                    distinct users recommended to
 * @param windows                  the student's {@code distill-metrics} windows, in the order read
 * @param undecodable              records that did not decode (none expected)
 * @param lastRecommendationMillis monitor clock when the last recommendation was read, 0 before any
 */
record PipelineSnapshot(long interactions, long validRecords, long validEvents, long deadLettered,
                        Map<String, Long> deadLetterReasons, long softLabels, long recommendations, long labelledEvents,
                        long recommendedEvents, long completeEvents, long duplicateLabels, long duplicateRecommendations,
                        long users, List<DistillMetrics> windows, long undecodable, long lastRecommendationMillis) {

    PipelineSnapshot {
        deadLetterReasons = Collections.unmodifiableMap(new TreeMap<>(deadLetterReasons));
        windows = List.copyOf(windows);
    }

    /** Valid events still without a soft label. */
    long missingLabels() {
        return validEvents - labelledEvents;
    }

    /** Valid events still without a recommendation. */
    long missingRecommendations() {
        return validEvents - recommendedEvents;
    }

    /** Whether every valid event seen so far has its soft label and its recommendation. */
    boolean everyValidEventDone() {
        return completeEvents == validEvents;
    }
}
