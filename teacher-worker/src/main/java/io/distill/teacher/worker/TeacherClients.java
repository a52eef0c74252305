package io.distill.teacher.worker;

import io.distill.runtime.ClientSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * The settings of the worker's three Kafka clients: the standard client settings of the configuration
 * passed through untouched (bootstrap servers, security, tuning, {@code producer.}/{@code consumer.}
 * prefixes), plus the settings exactly-once depends on, which always win over anything configured.
 */
final class TeacherClients {
    private TeacherClients() {
    }

    /** The group consumer on interactions-valid: read_committed, offsets committed only through transactions. */
    static Map<String, Object> consumer(final TeacherConfig config) {
        final Map<String, Object> settings = new HashMap<>(ClientSettings.consumer(config.originals()));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        if (config.staticMembership()) {
            settings.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
        }
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.pollMaxRecords());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(settings, config, "consumer"));
        return settings;
    }

    /**
     * The consumer that replays the labelled prefix when the teacher is rebuilt: assigned partitions, no
     * group (it must neither join the worker's group nor commit), read_committed like the group consumer,
     * so it sees exactly the events that were labelled.
     */
    static Map<String, Object> replayConsumer(final TeacherConfig config) {
        final Map<String, Object> settings = new HashMap<>(ClientSettings.consumer(config.originals()));
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        settings.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        settings.remove(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(config.pollMaxRecords(), 2000));
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(settings, config, "replay"));
        return settings;
    }

    /** The transactional, idempotent producer of soft labels. */
    static Map<String, Object> producer(final TeacherConfig config) {
        final Map<String, Object> settings = new HashMap<>(ClientSettings.producer(config.originals()));
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(settings, config, "producer"));
        return settings;
    }

    /** Schema-registry settings for the serdes (URL, credentials, subject strategies, ...). */
    static Map<String, Object> registry(final TeacherConfig config) {
        return ClientSettings.registry(config.originals());
    }

    private static String readCommitted() {
        return IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT);
    }

    /** Distinct per client and per instance, so client metrics and broker logs tell them apart. */
    private static String clientId(final Map<String, Object> settings, final TeacherConfig config, final String role) {
        final Object configured = settings.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        final String prefix = configured == null || configured.toString().isBlank() ? "" : configured + "-";
        return prefix + config.transactionalId() + "-" + role;
    }
}
