package io.distill.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command learns that it should stop (Ctrl-C, SIGTERM, or a test) and how the JVM's
 * shutdown waits until the command has released what it holds.
 *
 * <p>Commands poll {@link #isRequested()} or block in {@link #await()}; when they return, {@code main}
 * calls {@link #finished()}. {@link #installJvmHook(Duration)} connects a signal to the JVM: the hook
 * requests the stop, then waits (at most the grace period) until the command has finished, so a local stack
 * or a producer is closed cleanly before the JVM halts. Thread-safe.
 */
public final class ShutdownSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A signal that only {@link #request()} triggers (tests, embedding). */
    public ShutdownSignal() {
        // no hook: the owner decides when to stop
    }

    /**
     * A signal that JVM shutdown (Ctrl-C, SIGTERM, {@code System.exit}) triggers; the shutdown then waits up
     * to {@code grace} for {@link #finished()}.
     */
    public static ShutdownSignal installJvmHook(final Duration grace) {
        final ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.request();
            signal.awaitFinished(grace);
        }, "distill-shutdown"));
        return signal;
    }

    /** Asks the running command to stop. Idempotent. */
    public void request() {
        requested.countDown();
    }

    /** Whether a stop has been requested. */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /**
     * Blocks until a stop is requested or {@code timeout} passes.
     *
     * @return whether a stop was requested
     */
    public boolean await(final Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Tells a waiting shutdown that the command has released its resources. Idempotent. */
    public void finished() {
        finished.countDown();
    }

    /**
     * Waits up to {@code timeout} for {@link #finished()}.
     *
     * @return whether the command finished in time
     */
    public boolean awaitFinished(final Duration timeout) {
        try {
            return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
