package io.distill.schemas.serde;

import static io.distill.schemas.serde.ConfluentWireFormatTest.bytes;
import static io.distill.schemas.serde.ConfluentWireFormatTest.concat;
import static io.distill.schemas.serde.ConfluentWireFormatTest.interaction;
import static io.distill.schemas.serde.ConfluentWireFormatTest.interactionBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.RestSchemaRegistryClient;
import io.distill.schemas.serde.WireFormatException.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every way a record can fail to deserialize gives a WireFormatException with its own reason. */
class AvroDeserializerErrorsTest {
    private static final String TOPIC = "interactions";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("errors");
    private final AvroDeserializer<Interaction> deserializer = new AvroDeserializer<>(Interaction.class, registry);
    private final int interactionId = registry.register("interactions-value", Interaction.getClassSchema());

    @Test
    void nullIsATombstone() {
        assertThat(deserializer.deserialize(TOPIC, (byte[]) null)).isNull();
    }

    @Test
    void emptyAndShortRecordsAreTruncated() {
        assertFails(new byte[0], Reason.TRUNCATED, WireFormatException.NO_SCHEMA_ID).hasMessageContaining("0 byte(s)");
        assertFails(bytes(0x00, 0x00, 0x00, 0x01), Reason.TRUNCATED, WireFormatException.NO_SCHEMA_ID)
                .hasMessageContaining("fewer than the 5-byte header");
    }

    @Test
    void aBodyThatEndsEarlyIsTruncated() {
        final byte[] whole = interactionBytes(interactionId);
        assertFails(ConfluentWireFormat.header(interactionId), Reason.TRUNCATED, interactionId)
                .hasMessageContaining("ends before the record does");
        assertFails(Arrays.copyOf(whole, whole.length - 3), Reason.TRUNCATED, interactionId);
    }

    @Test
    void aWrongMagicByteIsNotWireFormat() {
        final byte[] record = interactionBytes(interactionId);
        record[0] = 0x01;
        assertFails(record, Reason.BAD_MAGIC_BYTE, WireFormatException.NO_SCHEMA_ID)
                .hasMessageContaining("first byte is 0x01").hasMessageContaining("not Confluent wire format");
    }

    @Test
    void anUnknownSchemaIdIsReportedWithTheRegistryError() {
        assertFails(interactionBytes(99), Reason.UNKNOWN_SCHEMA_ID, 99)
                .hasMessageContaining("error 40403 Schema 99 not found");
    }

    @Test
    void aRecordOfAnotherSchemaIsAMismatch() {
        final byte[] recommendation = new AvroSerializer<Recommendation>(registry).serialize("recommendations",
                Recommendation.newBuilder().setUserId("u1").setItems(List.of(new ScoredItem("i1", 0.5f)))
                        .setModelVersion("m1").setSourceEventId("e1").setEventTimestamp(Instant.ofEpochMilli(1))
                        .setGeneratedAt(Instant.ofEpochMilli(2)).build());
        final int recommendationId = ConfluentWireFormat.schemaId(TOPIC, recommendation);

        assertFails(recommendation, Reason.SCHEMA_MISMATCH, recommendationId)
                .hasMessageContaining("io.distill.avro.Recommendation cannot be read as io.distill.avro.Interaction");
        // decided once per id, and still a mismatch the second time
        assertFails(recommendation, Reason.SCHEMA_MISMATCH, recommendationId);
    }

    @Test
    void garbageBodyIsMalformed() {
        // eventId's length is zigzag 0x01 = -1
        assertFails(concat(ConfluentWireFormat.header(interactionId), bytes(0x01, 0x41, 0x42, 0x43)),
                Reason.MALFORMED_AVRO, interactionId).hasMessageContaining("does not decode");
        // type's enum index zigzag 0x7E = 63, far beyond the five symbols
        assertFails(concat(ConfluentWireFormat.header(interactionId),
                        bytes(0x04, 'e', '1', 0x04, 'u', '1', 0x04, 'i', '1', 0x7E, 0x02, 0x00, 0x00)),
                Reason.MALFORMED_AVRO, interactionId);
    }

    @Test
    void bytesLeftAfterTheRecordAreMalformed() {
        assertFails(concat(interactionBytes(interactionId), bytes(0x7F, 0x7F)), Reason.MALFORMED_AVRO, interactionId)
                .hasMessageContaining("2 byte(s) left after the Avro record");
    }

    @Test
    void anUnreachableRegistryIsUnavailableAndRetriable() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final String url = "http://127.0.0.1:" + closedPort;
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of("schema.registry.url", url,
                "max.retries", 0))) {
            final AvroDeserializer<Interaction> remote = new AvroDeserializer<>(Interaction.class, client);
            assertThatThrownBy(() -> remote.deserialize(TOPIC, interactionBytes(5)))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
                        assertThat(e.isRetriable()).isTrue();
                        assertThat(e.schemaId()).isEqualTo(5);
                    })
                    .hasMessageContaining(url).hasMessageContaining("ConnectException");
        }
    }

    @Test
    void aGoodRecordStillDecodesAfterFailures() {
        assertFails(interactionBytes(99), Reason.UNKNOWN_SCHEMA_ID, 99);
        assertThat(deserializer.deserialize(TOPIC, interactionBytes(interactionId))).isEqualTo(interaction(null));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(final byte[] record, final Reason reason,
                                                                       final int schemaId) {
        return assertThatThrownBy(() -> deserializer.deserialize(TOPIC, record))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.topic()).isEqualTo(TOPIC);
                    assertThat(e.schemaId()).isEqualTo(schemaId);
                })
                .hasMessageStartingWith(reason.name() + ": ")
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining(schemaId == WireFormatException.NO_SCHEMA_ID ? "no schema id" : "schema id " + schemaId);
    }
}
