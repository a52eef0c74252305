package io.distill.app.bench;

import java.util.Objects;

/**
 * One paced run of the full pipeline: {@code events} interactions published at {@code targetRate} per second into a
 * running pipeline, each timed from the wall time it was handed to the producer.
 *
 * @param round       which round, from 1
 * @param targetRate  events per second the publisher was paced to
 * @param events      events published, each with its recommendation received
 * @param actualRate  events per second the publisher achieved
 * @param generated   recommendation {@code generatedAt} (the student's clock when it ranked) minus the send time
 * @param visible     wall time a {@code read_committed} consumer received the recommendation minus the send time:
 *                    includes the student's commit
 * @param loadBefore  1-minute load average before publishing; NaN where unknown
 * @param loadAfter   the same after the last recommendation
 */
public record LatencyMeasurement(int round, double targetRate, long events, double actualRate, Percentiles generated,
                                 Percentiles visible, double loadBefore, double loadAfter) {

    public LatencyMeasurement {
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(visible, "visible");
        if (round < 1 || events < 1) {
            throw new IllegalArgumentException("round and events must be >= 1, got " + round + " and " + events);
        }
    }
}
