package io.distill.app.ingest;

import io.distill.schemas.validation.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The ingest's counters, registered per task as Kafka Streams sensors, so they appear in
 * {@code KafkaStreams.metrics()} (and {@code TopologyTestDriver.metrics()}) next to the built-in ones:
 *
 * <pre>
 *   group distill-ingest-metrics
 *     accepted-total, accepted-rate   tags thread-id, task-id
 *     rejected-total, rejected-rate   tags thread-id, task-id, reason (a RejectReason name)
 * </pre>
 *
 * Every reason is registered at task start (at 0), so dashboards see all series before the first reject. The
 * sensors are removed when the task closes (a task migrated away stops reporting). Recorded at INFO level.
 */
public final class IngestMetrics {
    public static final String GROUP = "distill-ingest-metrics";
    public static final String ACCEPTED_TOTAL = "accepted-total";
    public static final String ACCEPTED_RATE = "accepted-rate";
    public static final String REJECTED_TOTAL = "rejected-total";
    public static final String REJECTED_RATE = "rejected-rate";
    public static final String THREAD_ID_TAG = "thread-id";
    public static final String TASK_ID_TAG = "task-id";
    public static final String REASON_TAG = "reason";

    private final StreamsMetrics metrics;
    private final Sensor accepted;
    private final Map<RejectReason, Sensor> rejected = new EnumMap<>(RejectReason.class);
    private final List<Sensor> all = new ArrayList<>();

    /** Registers the sensors of one task; call from the task's thread (the thread name is a tag). */
    IngestMetrics(final StreamsMetrics metrics, final String taskId) {
        this.metrics = metrics;
        final String threadId = Thread.currentThread().getName();
        final String prefix = "distill.ingest." + threadId + "." + taskId + ".";
        final Map<String, String> tags = new LinkedHashMap<>();
        tags.put(THREAD_ID_TAG, threadId);
        tags.put(TASK_ID_TAG, taskId);
        this.accepted = sensor(prefix + "accepted", ACCEPTED_TOTAL, ACCEPTED_RATE, "records accepted into the valid topic", tags);
        for (final RejectReason reason : RejectReason.values()) {
            final Map<String, String> reasonTags = new LinkedHashMap<>(tags);
            reasonTags.put(REASON_TAG, reason.name());
            rejected.put(reason, sensor(prefix + "rejected." + reason.name(), REJECTED_TOTAL, REJECTED_RATE,
                "records dead-lettered with this reason", reasonTags));
        }
    }

    void accepted() {
        accepted.record();
    }

    void rejected(final RejectReason reason) {
        rejected.get(reason).record();
    }

    /** Removes this task's sensors and their metrics. */
    void close() {
        for (final Sensor sensor : all) {
            metrics.removeSensor(sensor);
        }
        all.clear();
    }

    private Sensor sensor(final String sensorName, final String total, final String rate, final String what,
                          final Map<String, String> tags) {
        final Sensor sensor = metrics.addSensor(sensorName, RecordingLevel.INFO);
        sensor.add(new MetricName(total, GROUP, "The total number of " + what, tags), new CumulativeCount());
        sensor.add(new MetricName(rate, GROUP, "The average per-second number of " + what, tags), new Rate(new WindowedCount()));
        all.add(sensor);
        return sensor;
    }
}
