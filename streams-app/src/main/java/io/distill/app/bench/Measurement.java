package io.distill.app.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * One timed drain of a backlog: {@code events} input events went through {@code stage} in {@code elapsed}, from the
 * start of its service(s) to the moment the last output record was visible to a {@code read_committed} consumer.
 *
 * @param stage       what ran
 * @param round       which round of the run, from 1
 * @param events      input events drained (each yields one output record)
 * @param elapsed     start of the service(s) → last output record committed and read
 * @param firstOutput start of the service(s) → first output record committed and read (start-up, first commit)
 * @param loadBefore  the system's 1-minute load average just before the start; NaN where unknown
 * @param loadAfter   the same just after the last record was read
 */
public record Measurement(BenchStage stage, int round, long events, Duration elapsed, Duration firstOutput,
                          double loadBefore, double loadAfter) {

    public Measurement {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(firstOutput, "firstOutput");
        if (round < 1 || events < 1) {
            throw new IllegalArgumentException("round and events must be >= 1, got " + round + " and " + events);
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("elapsed must be positive, got " + elapsed);
        }
    }

    /** Events per second of the whole drain, start-up included. */
    public double eventsPerSecond() {
        return events * 1e9 / elapsed.toNanos();
    }

    /** Microseconds per event: the inverse of {@link #eventsPerSecond()}. */
    public double microsPerEvent() {
        return elapsed.toNanos() / 1e3 / events;
    }
}
