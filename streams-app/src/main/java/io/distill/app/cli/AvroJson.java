package io.distill.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro data as plain JSON for people and {@code jq}, not Avro's JSON encoding: unions are the bare value (no
 * {@code {"double": 4.0}} wrapper), enums and strings are strings, {@code timestamp-*} and {@code date} /
 * {@code time-*} logical types are ISO-8601 strings, {@code decimal} is a number, bytes and fixed are base64,
 * and NaN and infinities (which JSON lacks) are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * Lossy on purpose: it is a display format.
 */
public final class AvroJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    /** {@code datum} (a generic or specific record, or any Avro value) written with {@code schema}. */
    public static JsonNode toJson(final Object datum, final Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        // logical types already converted to Java values (specific records)
        if (datum instanceof TemporalAccessor converted && schema.getType() != Schema.Type.UNION) {
            return NODES.textNode(converted.toString());
        }
        if (datum instanceof BigDecimal decimal && schema.getType() != Schema.Type.UNION) {
            return NODES.numberNode(decimal);
        }
        return switch (schema.getType()) {
            case RECORD -> record((IndexedRecord) datum, schema);
            case UNION -> toJson(datum, branch(schema, datum));
            case ARRAY -> array((Collection<?>) datum, schema.getElementType());
            case MAP -> map((Map<?, ?>) datum, schema.getValueType());
            case ENUM, STRING -> NODES.textNode(datum.toString());  // Utf8, String, GenericEnumSymbol, UUID
            case BYTES -> bytes(((ByteBuffer) datum).duplicate(), schema);
            case FIXED -> bytes(ByteBuffer.wrap(((GenericFixed) datum).bytes()), schema);
            case INT -> integer(datum, schema.getLogicalType());
            case LONG -> longValue(datum, schema.getLogicalType());
            case FLOAT -> floating(((Number) datum).doubleValue(), true);
            case DOUBLE -> floating(((Number) datum).doubleValue(), false);
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case NULL -> NODES.nullNode();
        };
    }

    /** A generic or specific record with its own schema. */
    public static JsonNode toJson(final IndexedRecord record) {
        return toJson(record, record.getSchema());
    }

    /**
     * The union branch of {@code datum}. Values already converted to Java types ({@code Instant},
     * {@code BigDecimal}: specific records) are not known to {@link GenericData}; they take the first branch with
     * a logical type.
     */
    private static Schema branch(final Schema union, final Object datum) {
        if (datum instanceof TemporalAccessor || datum instanceof BigDecimal) {
            for (final Schema candidate : union.getTypes()) {
                if (candidate.getLogicalType() != null) {
                    return candidate;
                }
            }
        }
        return union.getTypes().get(GenericData.get().resolveUnion(union, datum));
    }

    private static ObjectNode record(final IndexedRecord record, final Schema schema) {
        final ObjectNode node = NODES.objectNode();
        for (final Schema.Field field : schema.getFields()) {
            node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static ArrayNode array(final Collection<?> values, final Schema element) {
        final ArrayNode node = NODES.arrayNode(values.size());
        for (final Object value : values) {
            node.add(toJson(value, element));
        }
        return node;
    }

    private static ObjectNode map(final Map<?, ?> values, final Schema valueSchema) {
        final ObjectNode node = NODES.objectNode();
        for (final Map.Entry<?, ?> entry : values.entrySet()) {
            node.set(String.valueOf(entry.getKey()), toJson(entry.getValue(), valueSchema));
        }
        return node;
    }

    private static JsonNode bytes(final ByteBuffer buffer, final Schema schema) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return NODES.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
        }
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonNode integer(final Object datum, final LogicalType logical) {
        final int value = ((Number) datum).intValue();
        if (logical instanceof LogicalTypes.Date) {
            return NODES.textNode(LocalDate.ofEpochDay(value).toString());
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000_000L).toString());
        }
        return NODES.numberNode(value);
    }

    private static JsonNode longValue(final Object datum, final LogicalType logical) {
        final long value = ((Number) datum).longValue();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(value).toString());
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(Instant.EPOCH.plus(value, ChronoUnit.MICROS).toString());
        }
        if (logical instanceof LogicalTypes.LocalTimestampMillis) {
            return NODES.textNode(LocalDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC).toString());
        }
        if (logical instanceof LogicalTypes.LocalTimestampMicros) {
            return NODES.textNode(
                LocalDateTime.ofInstant(Instant.EPOCH.plus(value, ChronoUnit.MICROS), ZoneOffset.UTC).toString());
        }
        if (logical instanceof LogicalTypes.TimeMicros) {
            return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000L).toString());
        }
        return NODES.numberNode(value);
    }

    private static JsonNode floating(final double value, final boolean single) {
        if (Double.isNaN(value)) {
            return NODES.textNode("NaN");
        }
        if (Double.isInfinite(value)) {
            return NODES.textNode(value > 0 ? "Infinity" : "-Infinity");
        }
        return single ? NODES.numberNode((float) value) : NODES.numberNode(value);
    }
}
