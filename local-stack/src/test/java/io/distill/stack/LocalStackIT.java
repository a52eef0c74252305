package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.stack.testing.RecordCollector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"io.distill.test\","
        + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final List<TopicSpec> TOPICS = List.of(TopicSpec.of("interactions", 3),
        TopicSpec.compacted("recommendations", 2));

    @TempDir
    Path dir;

    @Test
    void aRestartOverTheSameDirectoryKeepsTopicsRecordsAndSchemas() throws Exception {
        final LocalStackConfig config = ephemeralConfig(Map.of());
        final int schemaId;
        try (LocalStack stack = start(config)) {
            assertThat(stack.topics()).containsEntry("interactions", TopicProvisioner.Outcome.CREATED)
                .containsEntry("recommendations", TopicProvisioner.Outcome.CREATED);
            assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(stack.schemaRegistryUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(stack.broker().settings().dataDir()).isEqualTo(dir.resolve("kafka"));
            schemaId = register(stack.schemaRegistryUrl(), "interactions-value");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("interactions", null, 1_700_000_000_000L, "u1", "click")).get();
            }
        }

        // New ephemeral ports this time: what survives is in the directory.
        try (LocalStack stack = start(config)) {
            assertThat(stack.topics()).containsEntry("interactions", TopicProvisioner.Outcome.EXISTED)
                .containsEntry("recommendations", TopicProvisioner.Outcome.EXISTED);
            final JsonNode latest = get(stack.schemaRegistryUrl(), "/subjects/interactions-value/versions/latest");
            assertThat(latest.get("id").asInt()).isEqualTo(schemaId);
            assertThat(latest.get("version").asInt()).isEqualTo(1);
            assertThat(RecordCollector.forBootstrap(stack.bootstrapServers()).readToEnd("interactions", TIMEOUT))
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactly("click");
        }
    }

    @Test
    void aFailedStartLeavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final LocalStackConfig config = ephemeralConfig(
                Map.of(LocalStackConfig.REGISTRY_PORT_CONFIG, taken.getLocalPort()));
            assertThatThrownBy(() -> start(config)).isInstanceOf(LocalStackException.class);
        }
        // The broker was stopped again: its directory is free for the next stack.
        DirectoryLock.acquire(dir.resolve("kafka").resolve(KafkaBroker.LOCK_FILE)).close();
    }

    private LocalStackConfig ephemeralConfig(final Map<String, Object> overrides) {
        final Map<String, Object> props = new HashMap<>(Map.of(LocalStackConfig.DIR_CONFIG, dir.toString(),
            LocalStackConfig.KAFKA_PORT_CONFIG, 0, LocalStackConfig.CONTROLLER_PORT_CONFIG, 0,
            LocalStackConfig.REGISTRY_PORT_CONFIG, 0));
        props.putAll(overrides);
        return new LocalStackConfig(props);
    }

    private static LocalStack start(final LocalStackConfig config) {
        return LocalStack.start(config, config.brokerSettings().withJvmArgs(KafkaBroker.FAST_START_JVM_ARGS), TOPICS);
    }

    private static int register(final URI registry, final String subject) throws Exception {
        final String body = JSON.writeValueAsString(Map.of("schema", SCHEMA));
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(registry.resolve("/subjects/" + subject + "/versions")).timeout(TIMEOUT)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    private static JsonNode get(final URI registry, final String path) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(registry.resolve(path)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
