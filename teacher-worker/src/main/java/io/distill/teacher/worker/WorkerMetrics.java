package io.distill.teacher.worker;

import io.distill.teacher.EaseModel;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherModel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's counters: written by the worker thread only, read by JMX and tests from any thread.
 */
final class WorkerMetrics implements TeacherWorkerMetrics {
    private final AtomicLong eventsLabelled = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    private final AtomicLong replayedEvents = new AtomicLong();
    private final AtomicLong labelNanos = new AtomicLong();
    private volatile TeacherWorker.State state = TeacherWorker.State.CREATED;
    private volatile long lastRebuildMillis;
    private volatile String modelVersion = "";
    private volatile int modelColumns;
    private volatile long fits;
    private volatile long lastFitMillis;

    void state(final TeacherWorker.State value) {
        state = value;
    }

    void batchCommitted(final int events, final long nanos, final Teacher teacher) {
        eventsLabelled.addAndGet(events);
        labelNanos.addAndGet(nanos);
        batches.incrementAndGet();
        model(teacher);
    }

    void aborted() {
        aborted.incrementAndGet();
    }

    void rebuilt(final long replayed, final long millis, final Teacher teacher) {
        rebuilds.incrementAndGet();
        replayedEvents.addAndGet(replayed);
        lastRebuildMillis = millis;
        model(teacher);
    }

    private void model(final Teacher teacher) {
        final TeacherModel model = teacher.model();
        modelVersion = model.version();
        modelColumns = model.columns();
        fits = teacher.fits();
        lastFitMillis = model instanceof EaseModel ease ? ease.provenance().fitMillis() : 0L;
    }

    TeacherWorker.State stateValue() {
        return state;
    }

    @Override
    public String getState() {
        return state.name();
    }

    @Override
    public long getEventsLabelled() {
        return eventsLabelled.get();
    }

    @Override
    public long getBatches() {
        return batches.get();
    }

    @Override
    public long getTransactionsAborted() {
        return aborted.get();
    }

    @Override
    public long getRebuilds() {
        return rebuilds.get();
    }

    @Override
    public long getReplayedEvents() {
        return replayedEvents.get();
    }

    @Override
    public long getLastRebuildMillis() {
        return lastRebuildMillis;
    }

    @Override
    public String getModelVersion() {
        return modelVersion;
    }

    @Override
    public int getModelColumns() {
        return modelColumns;
    }

    @Override
    public long getFits() {
        return fits;
    }

    @Override
    public long getLastFitMillis() {
        return lastFitMillis;
    }

    @Override
    public double getMeanLabelLatencyMicros() {
        final long events = eventsLabelled.get();
        return events == 0 ? 0.0 : labelNanos.get() / 1000.0 / events;
    }
}
