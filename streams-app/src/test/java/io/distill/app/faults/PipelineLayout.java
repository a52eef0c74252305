package io.distill.app.faults;

import io.distill.app.ingest.IngestConfig;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Topic names, application ids and settings of one pipeline run, all derived from a prefix so that runs on one
 * broker never share anything.
 *
 * @param prefix           what every name starts with
 * @param topics           the six topics
 * @param bootstrapServers the broker
 * @param registryUrl      the schema registry
 * @param stateDir         the Kafka Streams state directory of the ingest and the student
 */
record PipelineLayout(String prefix, TopicNames topics, String bootstrapServers, String registryUrl, Path stateDir) {

    /** A layout whose topics are {@code <prefix>-interactions}, ... with {@code partitions} partitions. */
    static PipelineLayout of(final String prefix, final int partitions, final String bootstrapServers, final String registryUrl,
                             final Path stateDir) {
        final TopicNames topics = new TopicNames(prefix + "-interactions", prefix + "-interactions-dlq",
            prefix + "-interactions-valid", prefix + "-soft-labels", prefix + "-recommendations", prefix + "-distill-metrics",
            partitions, (short) 1);
        return new PipelineLayout(prefix, topics, bootstrapServers, registryUrl, stateDir);
    }

    String ingestApplicationId() {
        return prefix + "-ingest";
    }

    String teacherGroupId() {
        return prefix + "-teacher";
    }

    String teacherTransactionalId() {
        return prefix + "-teacher-0";
    }

    String studentApplicationId() {
        return prefix + "-student";
    }

    /** The settings every worker reads (each takes its own keys and the client keys). */
    Map<String, String> settings() {
        final Map<String, String> settings = new TreeMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put("schema.registry.url", registryUrl);
        settings.put(TopicNames.INTERACTIONS, topics.interactions());
        settings.put(TopicNames.INTERACTIONS_DLQ, topics.interactionsDlq());
        settings.put(TopicNames.INTERACTIONS_VALID, topics.interactionsValid());
        settings.put(TopicNames.SOFT_LABELS, topics.softLabels());
        settings.put(TopicNames.RECOMMENDATIONS, topics.recommendations());
        settings.put(TopicNames.METRICS, topics.metrics());
        settings.put(TopicNames.PARTITIONS, Integer.toString(topics.partitions()));
        settings.put(IngestConfig.APPLICATION_ID, ingestApplicationId());
        settings.put(TeacherConfig.GROUP_ID, teacherGroupId());
        settings.put(TeacherConfig.TRANSACTIONAL_ID, teacherTransactionalId());
        settings.put(StudentConfig.APPLICATION_ID, studentApplicationId());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return settings;
    }

    /**
     * The settings of one worker process: {@link #settings()}, plus static group membership for the two Kafka Streams
     * workers (the teacher has it by default), so a worker restarted after a kill -9 takes its partitions back at
     * once instead of after the dead member's session timeout.
     */
    Map<String, String> settings(final WorkerRole role) {
        final Map<String, String> settings = settings();
        if (role != WorkerRole.TEACHER) {
            settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, prefix + "-" + role.label() + "-0");
        }
        return settings;
    }
}
