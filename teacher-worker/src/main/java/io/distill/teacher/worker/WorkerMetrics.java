package io.distill.teacher.worker;

import io.distill.teacher.EaseModel;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherModel;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's counters: written by the worker thread only, read by JMX and tests from any thread.
 */
final class WorkerMetrics implements TeacherWorkerMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMetrics.class);

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

    /**
     * Registers these metrics as {@code io.distill:type=teacher-worker,id=<id>}.
     *
     * @return the name, or null if it could not be registered (logged; the worker runs without JMX)
     */
    ObjectName register(final String id) {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            final ObjectName name = new ObjectName("io.distill:type=teacher-worker,id=" + (id.matches("[A-Za-z0-9._-]+") ? id : ObjectName.quote(id)));
            server.registerMBean(this, name);
            return name;
        } catch (final JMException e) {
            LOG.warn("teacher worker {}: metrics not registered with JMX: {}", id, e.toString());
            return null;
        }
    }

    /** Unregisters what {@link #register} registered; null is ignored. */
    static void unregister(final ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (final JMException e) {
            LOG.debug("cannot unregister {}: {}", name, e.toString());
        }
    }

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
