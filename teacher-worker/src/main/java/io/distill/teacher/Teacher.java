package io.distill.teacher;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.schemas.DistillException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher: learns from every interaction and, for each one, says what it thought the user wanted
 * just before it happened (a {@link SoftLabel}).
 *
 * <p>Lifecycle: {@link #replay} the already-labelled prefix of the log (after a restart), then
 * {@link #label} batches in log order, then {@link #close}. Refits run on a background thread on a
 * snapshot of the log; with {@link TeacherSettings#deterministic()} a fit begun after event n is
 * installed exactly before event n + delay, so the labels are a pure function of the log and a
 * restarted teacher picks up with the very model an uninterrupted one would have had.
 *
 * <p>Not thread-safe: one labelling thread owns it.
 */
public final class Teacher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Teacher.class);

    private final TeacherSettings settings;
    private final Clock clock;
    private final InteractionLog log = new InteractionLog();
    private final EaseFitter fitter;
    private final SoftLabeller labeller;
    private final ExecutorService fitThread;

    private TeacherModel current;
    /** During replay: the snapshot whose fit is in force, fitted lazily when replay ends. */
    private LogSnapshot currentUnfitted;
    private Pending pending;
    private long nextFitAt;
    private Instant lastFitStart;
    private boolean replaying;
    private long fits;

    /** A fit in flight: installed before the event with this many events before it. */
    private record Pending(long installAt, CompletableFuture<EaseModel> future, LogSnapshot unfitted) {
    }

    public Teacher(final TeacherSettings settings, final Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.fitter = new EaseFitter(settings.lambda(), settings.itemCap(), settings.transform(), settings.sequenceWeight(),
            settings.sequenceWindow(), settings.recencyHalfLife());
        this.labeller = new SoftLabeller(settings);
        this.current = new PopularityModel(log);
        this.nextFitAt = settings.refitMinEvents();
        this.lastFitStart = clock.instant();
        this.fitThread = Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "distill-teacher-fit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Learns from events that were already labelled before a restart, without labelling them. Fits on
     * the way are only recorded; {@link #finishReplay()} fits the ones still in force.
     */
    public void replay(final Interaction event) {
        replaying = true;
        installIfDue();
        record(event);
    }

    /** Ends a replay: fits the model in force (synchronously) and resumes a pending fit in the background. */
    public void finishReplay() {
        if (!replaying) {
            return;
        }
        replaying = false;
        if (currentUnfitted != null) {
            current = fitNow(currentUnfitted);
            currentUnfitted = null;
        }
        if (pending != null && pending.unfitted() != null) {
            pending = new Pending(pending.installAt(), submit(pending.unfitted()), null);
        }
        LOG.info("teacher rebuilt from {} events of history: {} users, {} items, model {}", log.events(), log.userCount(),
            log.items().size(), current.version());
    }

    /** Labels a batch of interactions, in order, learning from each right after labelling it. */
    public List<SoftLabel> label(final List<Interaction> batch) {
        finishReplay();
        final List<SoftLabeller.Request> requests = new ArrayList<>(batch.size());
        for (final Interaction event : batch) {
            installIfDue();
            requests.add(labeller.prepare(event, current, log));
            record(event);
        }
        return labeller.score(requests, clock.instant());
    }

    public TeacherModel model() {
        return current;
    }

    public InteractionLog log() {
        return log;
    }

    public long events() {
        return log.events();
    }

    /** Fits started so far (including replayed ones). */
    public long fits() {
        return fits;
    }

    /** Waits for any fit in flight and installs it now, regardless of the schedule (tests, shutdown). */
    public void awaitPendingFit() {
        if (pending != null && !replaying) {
            current = join(pending.future());
            pending = null;
        }
    }

    @Override
    public void close() {
        fitThread.shutdownNow();
    }

    private void record(final Interaction event) {
        log.record(event.getUserId(), event.getItemId(), settings.weights().weight(event.getType()));
        final long events = log.events();
        final boolean scheduled = events >= nextFitAt;
        final boolean timed = !replaying && !settings.refitInterval().isZero() && !clock.instant().isBefore(lastFitStart.plus(settings.refitInterval()));
        if ((scheduled || timed) && pending == null) {
            startFit(events);
        }
    }

    private void startFit(final long events) {
        final LogSnapshot snapshot = log.snapshot(fitter.needsSequences());
        final long gap = Math.min(Math.max(events, settings.refitMinEvents()), settings.refitMaxEvents());
        // at most half the gap, so a fit is always installed before the next one starts
        final long delay = Math.min(settings.swapDelayEvents(), gap / 2);
        final long installAt = settings.deterministic() ? events + delay : events;
        pending = replaying ? new Pending(installAt, null, snapshot) : new Pending(installAt, submit(snapshot), null);
        nextFitAt = events + gap;
        lastFitStart = clock.instant();
        fits++;
        if (!replaying) {
            LOG.info("teacher refit started on {} events ({} users, {} items); next at {}", events, log.userCount(),
                log.items().size(), nextFitAt);
        }
        if (settings.deterministic() && delay == 0) {
            installIfDue();
        }
    }

    private void installIfDue() {
        if (pending == null) {
            return;
        }
        final long events = log.events();
        if (replaying) {
            if (events >= pending.installAt()) {
                currentUnfitted = pending.unfitted();
                pending = null;
            }
            return;
        }
        final boolean due = settings.deterministic() ? events >= pending.installAt() : pending.future().isDone();
        if (due) {
            final EaseModel model = join(pending.future());
            pending = null;
            install(model);
        }
    }

    private void install(final EaseModel model) {
        current = model;
        LOG.info("teacher model {} installed at event {}: {} of {} items, fit took {} ms", model.version(), log.events(),
            model.columns(), model.provenance().catalogueSize(), model.provenance().fitMillis());
    }

    private CompletableFuture<EaseModel> submit(final LogSnapshot snapshot) {
        return CompletableFuture.supplyAsync(() -> fitter.fit(snapshot), fitThread);
    }

    private EaseModel fitNow(final LogSnapshot snapshot) {
        return fitter.fit(snapshot);
    }

    private static EaseModel join(final CompletableFuture<EaseModel> future) {
        try {
            return future.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while waiting for a teacher fit", e);
        } catch (final ExecutionException e) {
            throw new DistillException("teacher fit failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
