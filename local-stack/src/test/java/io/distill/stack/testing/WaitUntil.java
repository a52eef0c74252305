package io.distill.stack.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling with a deadline, instead of sleeps in tests. The condition is checked at once, then with a
 * back-off from 10 ms up to 200 ms between checks; exceptions it throws propagate unchanged.
 */
public final class WaitUntil {
    private static final long FIRST_PAUSE_MS = 10;
    private static final long MAX_PAUSE_MS = 200;

    private WaitUntil() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param what completes "timed out waiting until ...", e.g. "the consumer group is empty"
     * @throws AssertionError if it does not hold within {@code timeout}
     */
    public static void waitUntil(final Duration timeout, final String what, final BooleanSupplier condition) {
        waitForValue(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Returns the first value {@code probe} yields.
     *
     * @param what completes "timed out waiting until ...", e.g. "the recommendation for u1 is published"
     * @throws AssertionError if {@code probe} yields nothing within {@code timeout}
     */
    public static <T> T waitForValue(final Duration timeout, final String what, final Supplier<Optional<T>> probe) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            final Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
    }
}
