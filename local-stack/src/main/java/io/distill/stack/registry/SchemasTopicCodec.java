package io.distill.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.RegistryRecord;
import io.distill.schemas.registry.RegistryRecord.CompatibilityConfig;
import io.distill.schemas.registry.RegistryRecord.SchemaVersion;
import io.distill.schemas.registry.RegistryRecord.SchemaVersionRemoved;
import io.distill.schemas.registry.RegistryRecord.SubjectDeleted;
import java.io.IOException;
import java.util.Optional;

/**
 * The records of Confluent's {@code _schemas} topic, as JSON keys and values:
 *
 * <pre>
 * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}   {"subject":"s","version":1,"id":1,"schema":"...","deleted":false}
 * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}   null (permanently deleted)
 * {"keytype":"CONFIG","subject":null,"magic":0}              {"compatibilityLevel":"BACKWARD"}
 * {"keytype":"CONFIG","subject":"s","magic":0}               {"compatibilityLevel":"FULL"} or null (removed)
 * {"keytype":"DELETE_SUBJECT","subject":"s","magic":0}       {"subject":"s","version":3}
 * </pre>
 *
 * Keys are written with a fixed field order, so the same logical key is the same bytes and compaction keeps
 * only the latest value. Reading skips what this registry does not serve (NOOP, MODE and other key types,
 * non-Avro schemas).
 */
final class SchemasTopicCodec {
    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";
    static final String DELETE_SUBJECT = "DELETE_SUBJECT";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Kafka record's key and value (null for a tombstone). */
    record Encoded(byte[] key, byte[] value) {
    }

    private SchemasTopicCodec() {
    }

    static Encoded encode(final RegistryRecord record) {
        if (record instanceof SchemaVersion v) {
            final ObjectNode value = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
                    .put("id", v.id()).put("schema", v.schema()).put("deleted", v.deleted());
            return new Encoded(schemaKey(v.subject(), v.version()), bytes(value));
        } else if (record instanceof SchemaVersionRemoved removed) {
            return new Encoded(schemaKey(removed.subject(), removed.version()), null);
        } else if (record instanceof CompatibilityConfig config) {
            final ObjectNode key = JSON.createObjectNode().put("keytype", CONFIG);
            if (config.subject() == null) {
                key.putNull("subject");
            } else {
                key.put("subject", config.subject());
            }
            key.put("magic", 0);
            final byte[] value = config.level() == null ? null
                    : bytes(JSON.createObjectNode().put("compatibilityLevel", config.level().name()));
            return new Encoded(bytes(key), value);
        } else if (record instanceof SubjectDeleted deleted) {
            final ObjectNode key = JSON.createObjectNode().put("keytype", DELETE_SUBJECT)
                    .put("subject", deleted.subject()).put("magic", 0);
            final ObjectNode value = JSON.createObjectNode().put("subject", deleted.subject())
                    .put("version", deleted.upToVersion());
            return new Encoded(bytes(key), bytes(value));
        }
        throw new IllegalArgumentException("unknown record " + record);
    }

    /**
     * The registry change a topic record stands for, if it is one this registry serves.
     *
     * @throws IllegalArgumentException when the key or value is not the JSON expected
     */
    static Optional<RegistryRecord> decode(final byte[] keyBytes, final byte[] valueBytes) {
        final JsonNode key = tree(keyBytes, "key");
        final JsonNode value = valueBytes == null ? null : tree(valueBytes, "value");
        final String keytype = key.path("keytype").asText("");
        switch (keytype) {
            case SCHEMA -> {
                final String subject = text(key, "subject");
                final int version = number(key, "version");
                if (value == null) {
                    return Optional.of(new SchemaVersionRemoved(subject, version));
                }
                if (!"AVRO".equals(value.path("schemaType").asText("AVRO"))) {
                    return Optional.empty();
                }
                return Optional.of(new SchemaVersion(subject, version, number(value, "id"), text(value, "schema"),
                        value.path("deleted").asBoolean(false)));
            }
            case CONFIG -> {
                final JsonNode subjectNode = key.get("subject");
                final String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
                if (value == null) {
                    return subject == null ? Optional.empty() : Optional.of(new CompatibilityConfig(subject, null));
                }
                return CompatibilityLevel.parse(value.path("compatibilityLevel").asText(null))
                        .map(level -> new CompatibilityConfig(subject, level));
            }
            case DELETE_SUBJECT -> {
                if (value == null) {
                    return Optional.empty();
                }
                return Optional.of(new SubjectDeleted(text(key, "subject"), number(value, "version")));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static byte[] schemaKey(final String subject, final int version) {
        return bytes(JSON.createObjectNode().put("keytype", SCHEMA).put("subject", subject).put("version", version)
                .put("magic", 1));
    }

    private static JsonNode tree(final byte[] bytes, final String what) {
        if (bytes == null) {
            throw new IllegalArgumentException("no " + what);
        }
        try {
            final JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (final IOException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no text field \"" + field + "\" in " + node);
        }
        return value.asText();
    }

    private static int number(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("no integer field \"" + field + "\" in " + node);
        }
        return value.intValue();
    }

    private static byte[] bytes(final JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
