package io.distill.app.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces events to a target rate ({@code --rate}): the n-th {@link #acquire()} returns no earlier than n / rate
 * seconds after the first. A sender that falls behind may catch up by at most 100 ms worth of events: enough to
 * make up for sleeps that overshoot, not so much that a stall (the producer fetching metadata, a slow broker)
 * is followed by a flood above the rate.
 */
public final class Pacer {
    private static final long MAX_BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Waits for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextNanos;
    private boolean started;

    /**
     * @param eventsPerSecond target rate, above 0
     * @param nanoTime        monotonic time source ({@code System::nanoTime})
     * @param sleeper         how to wait ({@code TimeUnit.NANOSECONDS::sleep})
     */
    public Pacer(final double eventsPerSecond, final LongSupplier nanoTime, final Sleeper sleeper) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be finite and above 0, got " + eventsPerSecond);
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / eventsPerSecond));
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** A pacer on the system's monotonic clock. */
    public static Pacer atRate(final double eventsPerSecond) {
        return new Pacer(eventsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Blocks until the next event is due. */
    public void acquire() throws InterruptedException {
        final long now = nanoTime.getAsLong();
        if (!started) {
            started = true;
            nextNanos = now + intervalNanos;
            return;
        }
        final long wait = nextNanos - now;
        if (wait > 0) {
            sleeper.sleepNanos(wait);
            nextNanos += intervalNanos;
        } else {
            nextNanos = Math.max(nextNanos, now - MAX_BURST_NANOS) + intervalNanos;
        }
    }
}
