package io.distill.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One Kafka record as one line of JSON, the output of {@code distill tail}:
 *
 * <pre>{@code
 * {"topic":"interactions","partition":0,"offset":41,"timestamp":"2024-01-01T00:00:30.123Z","key":"u7",
 *  "headers":{"source":"web"},"value":{"eventId":"...","userId":"u7",...}}
 * }</pre>
 *
 * <p>The value is decoded by the given deserializer (the registry-backed Avro one) and shown with
 * {@link AvroJson}; a {@code null} value (tombstone) is {@code null}. A value that does not decode, such as the
 * arbitrary bytes in the dead-letter topic, is shown as {@code "value_base64"} with the reason in
 * {@code "decode_error"} instead. The key is a UTF-8 string ({@code "key_base64"} if it is not valid UTF-8);
 * header values are UTF-8 strings (invalid bytes replaced), a header name that occurs more than once maps to an
 * array of its values in order.
 */
public final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Deserializer<?> values;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param values decodes values (e.g. {@code GenericAvroSerde.deserializer()}); its failures are shown, not thrown */
    public RecordJson(final Deserializer<?> values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    /** The record as a JSON object. */
    public ObjectNode toJson(final ConsumerRecord<byte[], byte[]> record) {
        final ObjectNode node = NODES.objectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("timestamp", record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()).toString());
        key(node, record.key());
        node.set("headers", headers(record));
        value(node, record);
        return node;
    }

    /** The record as one line of JSON (no line break). */
    public String toLine(final ConsumerRecord<byte[], byte[]> record) {
        try {
            return mapper.writeValueAsString(toJson(record));
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write record " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + " as JSON", e);
        }
    }

    private static void key(final ObjectNode node, final byte[] key) {
        if (key == null) {
            node.putNull("key");
            return;
        }
        try {
            node.put("key", StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString());
        } catch (final CharacterCodingException e) {
            node.put("key_base64", Base64.getEncoder().encodeToString(key));
        }
    }

    private static ObjectNode headers(final ConsumerRecord<byte[], byte[]> record) {
        final ObjectNode headers = NODES.objectNode();
        for (final Header header : record.headers()) {
            final JsonNode value = header.value() == null ? NODES.nullNode()
                : NODES.textNode(new String(header.value(), StandardCharsets.UTF_8));
            final JsonNode previous = headers.get(header.key());
            if (previous == null) {
                headers.set(header.key(), value);
            } else if (previous instanceof ArrayNode list) {
                list.add(value);
            } else {
                headers.set(header.key(), NODES.arrayNode().add(previous).add(value));
            }
        }
        return headers;
    }

    private void value(final ObjectNode node, final ConsumerRecord<byte[], byte[]> record) {
        final byte[] bytes = record.value();
        if (bytes == null) {
            node.putNull("value");
            return;
        }
        final Object datum;
        try {
            datum = values.deserialize(record.topic(), record.headers(), bytes);
        } catch (final RuntimeException e) {
            // a record that does not decode is data to show, not a reason to stop reading
            node.put("value_base64", Base64.getEncoder().encodeToString(bytes));
            node.put("decode_error", CliErrors.describe(e));
            return;
        }
        if (datum == null) {
            node.putNull("value");
        } else if (datum instanceof GenericContainer container) {
            node.set("value", AvroJson.toJson(datum, container.getSchema()));
        } else {
            node.set("value", AvroJson.toJson(datum, GenericData.get().induce(datum)));
        }
    }
}
