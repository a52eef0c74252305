package io.distill.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.RegistryRecord;
import io.distill.schemas.registry.RegistryRecord.CompatibilityConfig;
import io.distill.schemas.registry.RegistryRecord.SchemaVersion;
import io.distill.schemas.registry.RegistryRecord.SchemaVersionRemoved;
import io.distill.schemas.registry.RegistryRecord.SubjectDeleted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code _schemas} records in Confluent's JSON, byte for byte. */
class SchemasTopicCodecTest {

    @Test
    void schemaVersionsAreWrittenAsConfluentDoes() {
        final SchemasTopicCodec.Encoded encoded =
                SchemasTopicCodec.encode(new SchemaVersion("Kafka-key", 1, 1, "\"string\"", false));

        assertThat(text(encoded.key())).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"Kafka-key\",\"version\":1,\"magic\":1}");
        assertThat(text(encoded.value()))
                .isEqualTo("{\"subject\":\"Kafka-key\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
    }

    @Test
    void configsAndTombstonesAreWrittenAsConfluentDoes() {
        final SchemasTopicCodec.Encoded global =
                SchemasTopicCodec.encode(new CompatibilityConfig(null, CompatibilityLevel.BACKWARD));
        final SchemasTopicCodec.Encoded subject =
                SchemasTopicCodec.encode(new CompatibilityConfig("MySchema", CompatibilityLevel.FULL));
        final SchemasTopicCodec.Encoded removedConfig = SchemasTopicCodec.encode(new CompatibilityConfig("MySchema", null));
        final SchemasTopicCodec.Encoded removedVersion = SchemasTopicCodec.encode(new SchemaVersionRemoved("s", 2));

        assertThat(text(global.key())).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(global.value())).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(text(subject.key())).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"MySchema\",\"magic\":0}");
        assertThat(text(subject.value())).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(removedConfig.key()).isEqualTo(subject.key());
        assertThat(removedConfig.value()).isNull();
        assertThat(text(removedVersion.key())).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":2,\"magic\":1}");
        assertThat(removedVersion.value()).isNull();
    }

    @Test
    void everyRecordDecodesToItself() {
        final List<RegistryRecord> records = List.of(new SchemaVersion("s", 3, 7, "{\"type\":\"int\"}", true),
                new SchemaVersionRemoved("s", 3), new CompatibilityConfig(null, CompatibilityLevel.NONE),
                new CompatibilityConfig("s", CompatibilityLevel.FORWARD_TRANSITIVE), new CompatibilityConfig("s", null),
                new SubjectDeleted("s", 3));
        for (final RegistryRecord record : records) {
            final SchemasTopicCodec.Encoded encoded = SchemasTopicCodec.encode(record);
            assertThat(SchemasTopicCodec.decode(encoded.key(), encoded.value())).contains(record);
        }
    }

    @Test
    void recordsWrittenByConfluentsRegistryAreRead() {
        // field order, schemaType and extra fields as a Confluent registry may write them
        assertThat(decode("{\"subject\":\"t-value\",\"version\":2,\"magic\":1,\"keytype\":\"SCHEMA\"}",
                "{\"subject\":\"t-value\",\"version\":2,\"id\":5,\"schemaType\":\"AVRO\",\"schema\":\"\\\"long\\\"\","
                        + "\"deleted\":false,\"references\":[]}"))
                .contains(new SchemaVersion("t-value", 2, 5, "\"long\"", false));
        assertThat(decode("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"p\",\"version\":1,\"id\":6,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"))
                .isEmpty();
        assertThat(decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEmpty();
        assertThat(decode("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}", "{\"mode\":\"READWRITE\"}")).isEmpty();
        assertThat(decode("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"NONE_TRANSITIVE\"}"))
                .as("a level we do not know").isEmpty();
    }

    @Test
    void malformedRecordsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> decode("not json", "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> decode("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1}", "{\"id\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"schema\"");
    }

    private static Optional<RegistryRecord> decode(final String key, final String value) {
        return SchemasTopicCodec.decode(key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
