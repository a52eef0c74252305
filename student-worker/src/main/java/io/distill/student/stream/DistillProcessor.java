package io.distill.student.stream;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.avro.SoftLabel;
import io.distill.student.ItemTable;
import io.distill.student.MetricsWindow;
import io.distill.student.Observation;
import io.distill.student.Student;
import io.distill.student.StudentSettings;
import io.distill.student.UserState;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distils one soft label at a time into the task's student and publishes the user's fresh top-N.
 *
 * <p>All learnable state lives in the task's changelogged stores and is written in the same
 * exactly-once transaction as the outputs, so a crash neither loses nor double-applies an update. The
 * item factors are also held densely in memory (restored from the store in {@link #init}) because
 * every event ranks the full catalogue; the store is their durable copy.
 */
final class DistillProcessor implements Processor<String, SoftLabel, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(DistillProcessor.class);

    private final StudentSettings settings;
    private final int metricsWindowEvents;
    private final Duration metricsFlush;
    /** Stream-thread wall time (ms) the open metrics window got its first event; not persisted: a restart restarts the wait. */
    private long windowOpenedMs = -1;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> users;
    private KeyValueStore<String, byte[]> itemStore;
    private KeyValueStore<String, byte[]> meta;
    private ItemTable items;
    private Student student;
    private MetricsWindow window;
    private String task;
    private long labels;
    private int[] touched = new int[256];
    private int[] top;
    private float[] topScores;

    DistillProcessor(final StudentSettings settings, final int metricsWindowEvents, final Duration metricsFlush, final Clock clock) {
        this.settings = settings;
        this.metricsWindowEvents = metricsWindowEvents;
        this.metricsFlush = metricsFlush;
        this.clock = clock;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.users = context.getStateStore(StudentStores.USERS);
        this.itemStore = context.getStateStore(StudentStores.ITEMS);
        this.meta = context.getStateStore(StudentStores.META);
        this.task = context.taskId().toString();
        this.items = new ItemTable(settings);
        try (KeyValueIterator<String, byte[]> rows = itemStore.all()) {
            while (rows.hasNext()) {
                final KeyValue<String, byte[]> row = rows.next();
                items.readRow(row.key, row.value);
            }
        }
        if (!items.isComplete()) {
            throw new IllegalStateException("student item store of task " + task + " has gaps in its item index: the store is corrupt");
        }
        this.student = new Student(settings, items);
        final byte[] counters = meta.get(StudentStores.META_COUNTERS);
        this.labels = counters == null ? 0 : ByteBuffer.wrap(counters).getLong();
        final byte[] open = meta.get(StudentStores.META_WINDOW);
        this.window = open == null ? new MetricsWindow() : MetricsWindow.fromBytes(open);
        if (!metricsFlush.isZero()) {
            context.schedule(metricsFlush.compareTo(Duration.ofSeconds(1)) < 0 ? metricsFlush : Duration.ofSeconds(1),
                PunctuationType.WALL_CLOCK_TIME, this::flushStaleWindow);
        }
        this.top = new int[settings.topN()];
        this.topScores = new float[settings.topN()];
        LOG.info("student task {} restored: {} items, {} labels consumed", task, items.size(), labels);
    }

    @Override
    public void process(final Record<String, SoftLabel> record) {
        final SoftLabel label = record.value();
        final String userId = label.getUserId();
        final byte[] stored = users.get(userId);
        final UserState user = stored == null ? UserState.create(userId, settings) : UserState.fromBytes(stored, settings);

        final Observation observation = student.learn(label, user);
        labels++;
        users.put(userId, user.toBytes());
        writeTouchedItems(label);

        final int count = student.recommend(user, top, topScores);
        final List<ScoredItem> ranked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranked.add(new ScoredItem(items.idOf(top[i]), topScores[i]));
        }
        final Instant now = clock.instant();
        final String version = modelVersion();
        context.forward(record.withValue((SpecificRecord) new Recommendation(userId, ranked, version, label.getEventId(),
            label.getEventTimestamp(), now)), StudentTopology.RECOMMENDATIONS_SINK);

        if (window.events() == 0) {
            windowOpenedMs = context.currentSystemTimeMs();
        }
        window.add(observation, label.getEventTimestamp().toEpochMilli(), Math.max(0, now.toEpochMilli()
            - label.getLabelledAt().toEpochMilli()));
        if (window.events() >= metricsWindowEvents) {
            emitWindow(now, record.timestamp());
        }
        meta.put(StudentStores.META_WINDOW, window.toBytes());
        meta.put(StudentStores.META_COUNTERS, ByteBuffer.allocate(8).putLong(labels).array());
    }

    private void emitWindow(final Instant now, final long timestamp) {
        final DistillMetrics metrics = window.emit("student", task, modelVersion(), now);
        context.forward(new Record<String, SpecificRecord>("student/" + task, metrics, timestamp), StudentTopology.METRICS_SINK);
    }

    /** Publishes a partly filled window that has been open for the flush interval: a quiet stream still reports. */
    private void flushStaleWindow(final long wallClockMillis) {
        if (window.events() > 0 && windowOpenedMs >= 0 && wallClockMillis - windowOpenedMs >= metricsFlush.toMillis()) {
            emitWindow(clock.instant(), window.endEventTime());
            meta.put(StudentStores.META_WINDOW, window.toBytes());
        }
    }

    /** Writes back every item row the update changed (the positive, whose popularity moved, is one of them). */
    private void writeTouchedItems(final SoftLabel label) {
        final int needed = student.maxTouchedItems(label.getCandidates().size());
        if (touched.length < needed) {
            touched = new int[needed * 2];
        }
        final int count = student.touchedItems(touched);
        for (int i = 0; i < count; i++) {
            itemStore.put(items.idOf(touched[i]), items.writeRow(touched[i]));
        }
    }

    private String modelVersion() {
        return "student/" + task + "@" + labels;
    }
}
