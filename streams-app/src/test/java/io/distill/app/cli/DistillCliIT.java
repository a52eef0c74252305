package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.avro.Interaction;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code produce} and {@code tail} against a real broker and schema registry, in this JVM. */
@ExtendWith(LocalKafkaExtension.class)
class DistillCliIT {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The wall clock: {@code tail --timeout} measures real idle time. */
    private static CliHarness cli() {
        return new CliHarness(Map.of(), Clock.systemUTC());
    }

    private static String[] args(final SharedKafka kafka, final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "schema.registry.url=" + kafka.schemaRegistryUrl()));
        return all.toArray(String[]::new);
    }

    private JsonNode parse(final String line) {
        try {
            return mapper.readTree(line);
        } catch (final IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    @Test
    void producedSyntheticEventsComeBackFromTailAsJsonLines(final SharedKafka kafka) {
        final String topic = kafka.createTopic("cli-interactions", 3);
        final Map<String, Interaction> expected = new HashMap<>();
        final SyntheticParams params = SyntheticParams.DEFAULTS.withSize(SyntheticParams.DEFAULTS.users(),
            SyntheticParams.DEFAULTS.items(), SyntheticParams.DEFAULTS.groups(), 500);
        try (InteractionSource source = new SyntheticStream(params).open()) {
            source.forEachRemaining(interaction -> expected.put(interaction.getEventId(), interaction));
        }

        final CliHarness produce = cli();
        assertThat(produce.run(args(kafka, "produce", "--synthetic", "--events", "500",
            "--set", "topic.interactions=" + topic))).as(produce.err()).isZero();
        assertThat(produce.out()).contains("Published 500 events to " + topic);
        assertThat(produce.err()).contains("produce: 500/500 events 100.0%");

        final CliHarness tail = cli();
        assertThat(tail.run(args(kafka, "tail", topic, "--from-beginning", "--max", "500", "--timeout", "60s")))
            .as(tail.err()).isZero();

        final List<JsonNode> lines = tail.out().lines().map(this::parse).toList();
        assertThat(lines).hasSize(500);
        for (final JsonNode line : lines) {
            final JsonNode value = line.get("value");
            final Interaction sent = expected.get(value.get("eventId").asText());
            assertThat(sent).as("event %s was produced", value.get("eventId")).isNotNull();
            assertThat(line.get("topic").asText()).isEqualTo(topic);
            assertThat(line.get("key").asText()).isEqualTo(sent.getUserId());
            assertThat(value.get("userId").asText()).isEqualTo(sent.getUserId());
            assertThat(value.get("itemId").asText()).isEqualTo(sent.getItemId());
            assertThat(value.get("type").asText()).isEqualTo(sent.getType().name());
            assertThat(value.get("timestamp").asText()).isEqualTo(sent.getTimestamp().toString());
            assertThat(line.get("timestamp").asText()).as("record timestamp = event time")
                .isEqualTo(sent.getTimestamp().toString());
        }
        assertThat(lines).extracting(line -> line.get("value").get("eventId").asText())
            .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void undecodableValuesAreShownAsBase64WithTheErrorAndTheHeaders(final SharedKafka kafka) {
        final String topic = kafka.createTopic("cli-dlq", 1);
        final byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("distill.dlq.reason", "BAD_MAGIC_BYTE".getBytes(StandardCharsets.UTF_8));
        headers.add("distill.dlq.source.offset", "17".getBytes(StandardCharsets.UTF_8));
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, 1_704_067_200_000L,
                "u1".getBytes(StandardCharsets.UTF_8), garbage, headers));
            producer.flush();
        }

        final CliHarness tail = cli();
        assertThat(tail.run(args(kafka, "tail", topic, "--from-beginning", "--max", "1", "--timeout", "60s")))
            .as(tail.err()).isZero();

        final List<JsonNode> lines = tail.out().lines().map(this::parse).toList();
        assertThat(lines).hasSize(1);
        final JsonNode line = lines.get(0);
        assertThat(line.has("value")).isFalse();
        assertThat(Base64.getDecoder().decode(line.get("value_base64").asText())).isEqualTo(garbage);
        assertThat(line.get("decode_error").asText()).isNotBlank();
        assertThat(line.get("headers").get("distill.dlq.reason").asText()).isEqualTo("BAD_MAGIC_BYTE");
        assertThat(line.get("headers").get("distill.dlq.source.offset").asText()).isEqualTo("17");
        assertThat(line.get("key").asText()).isEqualTo("u1");
        assertThat(line.get("timestamp").asText()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void missingTopicFailsWithExitOneNamingIt(final SharedKafka kafka) {
        final String topic = kafka.uniqueTopic("cli-absent");

        final CliHarness tail = cli();
        assertThat(tail.run(args(kafka, "tail", topic))).isEqualTo(1);
        assertThat(tail.err()).contains("Topic '" + topic + "' does not exist").doesNotContain("\tat ");

        final CliHarness produce = cli();
        assertThat(produce.run(args(kafka, "produce", "--synthetic", "--events", "10",
            "--set", "topic.interactions=" + topic))).isEqualTo(1);
        assertThat(produce.err()).contains("Topic '" + topic + "' does not exist");
    }

    @Test
    void tailStopsAfterTheIdleTimeout(final SharedKafka kafka) {
        final String topic = kafka.createTopic("cli-idle", 1);

        final CliHarness tail = cli();
        assertThat(tail.run(args(kafka, "tail", topic, "--from-beginning", "--timeout", "500ms"))).isZero();
        assertThat(tail.out()).isEmpty();
    }
}
