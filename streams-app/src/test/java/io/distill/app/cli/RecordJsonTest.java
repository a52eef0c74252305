package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.GenericAvroSerde;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    private static final String SCOPE = "record-json-test";
    private static final Instant AT = Instant.parse("2024-01-01T00:00:30.123Z");

    private final SchemaRegistryClient registry = SchemaRegistryClients.mockScope(SCOPE);
    private final RecordJson json = new RecordJson(new GenericAvroSerde(registry).deserializer());
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void dropRegistry() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    private static ConsumerRecord<byte[], byte[]> record(final byte[] key, final byte[] value, final RecordHeaders headers) {
        return new ConsumerRecord<>("interactions", 2, 41L, AT.toEpochMilli(), TimestampType.CREATE_TIME, -1, -1, key,
            value, headers, Optional.empty());
    }

    @Test
    void avroValueIsDecodedThroughTheRegistry() throws Exception {
        final Interaction interaction = new Interaction("e1", "u7", "i3", InteractionType.CLICK, AT, null, null);
        final byte[] value;
        try (SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class, registry)) {
            value = serde.serializer().serialize("interactions", interaction);
        }

        final JsonNode line = mapper.readTree(json.toLine(record("u7".getBytes(StandardCharsets.UTF_8), value,
            new RecordHeaders())));

        assertThat(line.get("topic").asText()).isEqualTo("interactions");
        assertThat(line.get("partition").asInt()).isEqualTo(2);
        assertThat(line.get("offset").asLong()).isEqualTo(41);
        assertThat(line.get("timestamp").asText()).isEqualTo("2024-01-01T00:00:30.123Z");
        assertThat(line.get("key").asText()).isEqualTo("u7");
        assertThat(line.get("headers").isEmpty()).isTrue();
        assertThat(line.get("value").get("userId").asText()).isEqualTo("u7");
        assertThat(line.get("value").get("type").asText()).isEqualTo("CLICK");
        assertThat(line.has("decode_error")).isFalse();
    }

    @Test
    void undecodableValueIsShownAsBase64WithTheErrorAndHeadersAsText() throws Exception {
        final byte[] garbage = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2};
        final RecordHeaders headers = new RecordHeaders();
        headers.add("distill.dlq.reason", "BAD_MAGIC_BYTE".getBytes(StandardCharsets.UTF_8));
        headers.add("trace", "a".getBytes(StandardCharsets.UTF_8));
        headers.add("trace", "b".getBytes(StandardCharsets.UTF_8));

        final JsonNode line = mapper.readTree(json.toLine(record(new byte[] {(byte) 0xff, 0}, garbage, headers)));

        assertThat(line.has("value")).isFalse();
        assertThat(Base64.getDecoder().decode(line.get("value_base64").asText())).isEqualTo(garbage);
        assertThat(line.get("decode_error").asText()).containsIgnoringCase("magic");
        assertThat(line.get("headers").get("distill.dlq.reason").asText()).isEqualTo("BAD_MAGIC_BYTE");
        assertThat(line.get("headers").get("trace").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(line.has("key")).isFalse();
        assertThat(Base64.getDecoder().decode(line.get("key_base64").asText())).containsExactly(0xff, 0);
    }

    @Test
    void tombstoneAndMissingKeyAreNull() throws Exception {
        final JsonNode line = mapper.readTree(json.toLine(record(null, null, new RecordHeaders())));

        assertThat(line.get("key").isNull()).isTrue();
        assertThat(line.get("value").isNull()).isTrue();
    }
}
