package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TeacherClientsTest {
    private static final Map<String, String> SETTINGS = Map.ofEntries(
        Map.entry("bootstrap.servers", "broker:9093"),
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.mechanism", "PLAIN"),
        Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
        Map.entry("schema.registry.url", "https://registry:8081"),
        Map.entry("basic.auth.user.info", "u:p"),
        // what exactly-once depends on cannot be configured away
        Map.entry("isolation.level", "read_uncommitted"),
        Map.entry("enable.auto.commit", "true"),
        Map.entry("group.id", "someone-else"),
        Map.entry("producer.acks", "1"),
        Map.entry("producer.enable.idempotence", "false"),
        Map.entry("consumer.fetch.min.bytes", "1024"),
        Map.entry(TeacherConfig.GROUP_ID, "teachers"),
        Map.entry(TeacherConfig.TRANSACTIONAL_ID, "teacher-3"),
        Map.entry(TeacherConfig.POLL_MAX_RECORDS, "200"));
    private static final TeacherConfig CONFIG = new TeacherConfig(SETTINGS);

    @Test
    void theGroupConsumerReadsCommittedAndNeverCommitsByItself() {
        final Map<String, Object> consumer = TeacherClients.consumer(CONFIG);
        assertThat(consumer)
            .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "teachers")
            .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "teacher-3")
            .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
            .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200)
            .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1024")
            .containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("sasl.jaas.config", SETTINGS.get("sasl.jaas.config"))
            .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "teacher-3-consumer")
            .doesNotContainKeys("schema.registry.url", TeacherConfig.GROUP_ID);
    }

    @Test
    void staticMembershipCanBeTurnedOff() {
        final TeacherConfig dynamic = new TeacherConfig(Map.of(TeacherConfig.STATIC_MEMBERSHIP, "false"));
        assertThat(TeacherClients.consumer(dynamic)).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void theReplayConsumerHasNoGroup() {
        final Map<String, Object> replay = TeacherClients.replayConsumer(CONFIG);
        assertThat(replay)
            .doesNotContainKeys(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
            .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
            .containsEntry("security.protocol", "SASL_SSL")
            .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "teacher-3-replay");
    }

    @Test
    void theProducerIsTransactionalIdempotentAndWaitsForAllReplicas() {
        final Map<String, Object> producer = TeacherClients.producer(CONFIG);
        assertThat(producer)
            .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "teacher-3")
            .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
            .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
            .containsEntry("sasl.mechanism", "PLAIN")
            .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "teacher-3-producer")
            .doesNotContainKeys("schema.registry.url", "isolation.level");
    }

    @Test
    void theSerdesGetTheRegistrySettingsOnly() {
        assertThat(TeacherClients.registry(CONFIG)).containsOnlyKeys("schema.registry.url", "basic.auth.user.info");
    }
}
