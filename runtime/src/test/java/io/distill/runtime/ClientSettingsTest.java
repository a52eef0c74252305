package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    private static final Map<String, String> ALL = Map.of(
        "bootstrap.servers", "broker:9093",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
        "ssl.truststore.location", "/etc/kafka/truststore.jks",
        "producer.linger.ms", "20",
        "consumer.max.poll.records", "100",
        "student.dimension", "32",
        "schema.registry.url", "https://registry:8081",
        "basic.auth.user.info", "u:p");

    @Test
    void securitySettingsReachEveryClientAndDistillKeysReachNone() {
        for (final Map<String, Object> client : new Map[] {ClientSettings.producer(ALL), ClientSettings.consumer(ALL),
            ClientSettings.admin(ALL), ClientSettings.streams(ALL)}) {
            assertThat(client).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .doesNotContainKey("student.dimension").doesNotContainKey("schema.registry.url");
        }
    }

    @Test
    void prefixesTargetOneKindOfClient() {
        assertThat(ClientSettings.producer(ALL)).containsEntry("linger.ms", "20").doesNotContainKey("max.poll.records");
        assertThat(ClientSettings.consumer(ALL)).containsEntry("max.poll.records", "100").doesNotContainKey("linger.ms");
        assertThat(ClientSettings.streams(ALL)).containsEntry("producer.linger.ms", "20");
    }

    @Test
    void registrySettingsIncludeCredentialsAndSecretsAreRedactedForLogs() {
        assertThat(ClientSettings.registry(ALL)).containsEntry("schema.registry.url", "https://registry:8081")
            .containsEntry("basic.auth.user.info", "u:p").doesNotContainKey("bootstrap.servers");
        final Map<String, String> printable = ClientSettings.redacted(ALL);
        assertThat(printable).containsEntry("sasl.jaas.config", "[hidden]").containsEntry("basic.auth.user.info", "[hidden]")
            .containsEntry("bootstrap.servers", "broker:9093");
        assertThat(printable.toString()).doesNotContain("password=\"p\"");
    }
}
