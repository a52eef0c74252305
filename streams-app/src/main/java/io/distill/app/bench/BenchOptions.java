package io.distill.app.bench;

import io.distill.datasets.SyntheticParams;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What {@code distill bench} does.
 *
 * @param events        synthetic interactions in the backlog every stage drains
 * @param users         synthetic users
 * @param items         synthetic items
 * @param seed          seed of the synthetic stream
 * @param repeat        rounds: every stage is measured this many times, and medians are reported
 * @param rate          events per second of the paced latency runs; empty: half the measured full-pipeline throughput
 * @param latencyEvents events per paced run; 0 skips the latency runs
 * @param timeout       a measurement fails when its output does not grow for this long
 * @param external      run on the configured cluster ({@code bootstrap.servers}, {@code schema.registry.url}) instead
 *                      of starting a local stack
 * @param keepTopics    leave the run's topics, consumer groups and subjects behind (for inspection)
 */
public record BenchOptions(long events, int users, int items, long seed, int repeat, OptionalDouble rate, long latencyEvents,
                           Duration timeout, boolean external, boolean keepTopics) {
    /** Most rounds accepted: each one drains the backlog five times. */
    public static final int MAX_REPEAT = 100;

    /** 50,000 events of the default synthetic world, one round, paced at half the measured throughput, 2 min timeout. */
    public static final BenchOptions DEFAULTS = new BenchOptions(50_000, SyntheticParams.DEFAULTS.users(),
        SyntheticParams.DEFAULTS.items(), SyntheticParams.DEFAULTS.seed(), 1, OptionalDouble.empty(), 50_000,
        Duration.ofMinutes(2), false, false);

    /** @throws IllegalArgumentException naming the option of a bad value */
    public BenchOptions {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(timeout, "timeout");
        if (events < 1 || events > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--events must be in [1, " + Integer.MAX_VALUE + "], got " + events);
        }
        if (users < 1 || items < 1) {
            throw new IllegalArgumentException("--users and --items must be >= 1, got " + users + " and " + items);
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("--repeat must be in [1, " + MAX_REPEAT + "], got " + repeat);
        }
        if (rate.isPresent() && !(rate.getAsDouble() > 0 && Double.isFinite(rate.getAsDouble()))) {
            throw new IllegalArgumentException("--rate must be a finite number of events per second above 0, got " + rate.getAsDouble());
        }
        if (latencyEvents < 0 || latencyEvents > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--latency-events must be in [0, " + Integer.MAX_VALUE + "], got " + latencyEvents);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
    }

    /** The synthetic world the events come from: the default one at this size and seed, with enough events for both runs. */
    public SyntheticParams syntheticParams() {
        final SyntheticParams defaults = SyntheticParams.DEFAULTS;
        return defaults.withSeed(seed).withSize(users, items, Math.min(defaults.groups(), items), Math.max(events, latencyEvents));
    }
}
