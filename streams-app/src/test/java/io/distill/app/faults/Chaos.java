package io.distill.app.faults;

import static io.distill.stack.testing.WaitUntil.waitUntil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded kill schedule: each worker is killed with SIGKILL {@code killsPerWorker} times, each time once its own
 * output has reached a random fraction (10–85 %) of what it will write in all, and restarted at once. Triggering on
 * each worker's own progress, not on the clock, puts every kill while that worker is busy, on a fast machine or a
 * slow one. While it runs, a worker that exits on its own fails the test with its log.
 */
final class Chaos {
    private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);
    private static final double FIRST = 0.10;
    private static final double LAST = 0.85;

    /**
     * One planned kill.
     *
     * @param role     the worker
     * @param fraction of its total output at which it is killed
     * @param at       that output, in records
     */
    record Kill(WorkerRole role, double fraction, long at) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s at %.0f%% (%,d records)", role.label(), fraction * 100, at);
        }
    }

    private final List<Kill> pending;
    private final List<Kill> done = new ArrayList<>();
    private final Map<WorkerRole, WorkerProcess> workers;
    private final ToLongFunction<WorkerRole> progress;
    private final Runnable healthCheck;

    /**
     * @param seed           the schedule's seed
     * @param killsPerWorker kills of each worker
     * @param totals         each worker's total output in records (its progress when the stream has gone through)
     * @param workers        the running workers
     * @param progress       a worker's output so far, in records
     * @param healthCheck    throws if the run has failed otherwise (a worker exited on its own, the feed failed)
     */
    Chaos(final long seed, final int killsPerWorker, final Map<WorkerRole, Long> totals, final Map<WorkerRole, WorkerProcess> workers,
          final ToLongFunction<WorkerRole> progress, final Runnable healthCheck) {
        this.workers = new EnumMap<>(workers);
        this.progress = progress;
        this.healthCheck = healthCheck;
        this.pending = plan(seed, killsPerWorker, totals);
    }

    /** Evenly spread fractions, each jittered within its slot, so a worker's kills are apart from each other. */
    static List<Kill> plan(final long seed, final int killsPerWorker, final Map<WorkerRole, Long> totals) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Kill> kills = new ArrayList<>();
        for (final WorkerRole role : WorkerRole.values()) {
            final double slot = (LAST - FIRST) / killsPerWorker;
            for (int k = 0; k < killsPerWorker; k++) {
                final double fraction = FIRST + slot * (k + random.nextDouble());
                kills.add(new Kill(role, fraction, (long) (fraction * totals.get(role))));
            }
        }
        kills.sort(Comparator.comparingDouble(Kill::fraction));
        return kills;
    }

    List<Kill> planned() {
        final List<Kill> all = new ArrayList<>(done);
        all.addAll(pending);
        return all;
    }

    /** Runs the schedule to its end: every kill done, each worker restarted. */
    void run(final Duration timeout) {
        LOG.info("Chaos schedule: {}", pending);
        waitUntil(timeout, "every planned kill has happened (done " + done + ", pending " + pending + ")", this::step);
    }

    /** Kills every worker whose turn has come; true once none is pending. */
    private boolean step() {
        healthCheck.run();
        for (final Kill kill : List.copyOf(pending)) {
            final long output = progress.applyAsLong(kill.role());
            if (output >= kill.at()) {
                LOG.info("Killing {} at {} records ({})", kill.role().label(), output, kill);
                workers.get(kill.role()).killAndRestart();
                pending.remove(kill);
                done.add(kill);
            }
        }
        return pending.isEmpty();
    }

    static void requireAlive(final WorkerProcess worker) {
        if (!worker.isAlive()) {
            throw new AssertionError(worker.role().label() + " exited on its own; its log ends with:\n" + worker.logTail(60));
        }
    }
}
