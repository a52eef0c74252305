package io.distill.app.faults;

import io.distill.avro.Candidate;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The catalogue of bad input: every kind of record a producer can get wrong, with the dead-letter reason the
 * ingest must give it. Each is made from a good event (its user, item and time), has an eventId of its own
 * (except {@link #DUPLICATE}, which is the good record again), and carries a {@value #MARKER} header naming it, which
 * the ingest keeps on the dead-letter record, so the audit can find every one.
 */
enum BadInput {
    TEXT_NOT_AVRO(RejectReason.BAD_MAGIC_BYTE, "bytes that are not Avro: a line of text"),
    JSON_NOT_AVRO(RejectReason.BAD_MAGIC_BYTE, "bytes that are not Avro: the event as JSON"),
    TOO_SHORT(RejectReason.TRUNCATED, "3 bytes, shorter than the 5-byte Confluent header"),
    WRONG_MAGIC_BYTE(RejectReason.BAD_MAGIC_BYTE, "a valid Interaction whose first byte is 0x01 instead of 0x00"),
    UNKNOWN_SCHEMA_ID(RejectReason.UNKNOWN_SCHEMA_ID, "a valid Interaction body framed with schema id 987654, which the registry does not know"),
    OTHER_SCHEMA(RejectReason.WRONG_SCHEMA, "a SoftLabel framed with the soft-labels subject's schema id, sent to the interactions topic"),
    TRUNCATED_BODY(RejectReason.TRUNCATED, "a valid Interaction with its last 4 bytes cut off"),
    TRAILING_BYTES(RejectReason.MALFORMED_AVRO, "a valid Interaction followed by 3 bytes more"),
    MISSING_EVENT_ID(RejectReason.MISSING_EVENT_ID, "eventId empty"),
    MISSING_USER_ID(RejectReason.MISSING_USER_ID, "userId empty (key is the user's)"),
    BLANK_ITEM_ID(RejectReason.MISSING_ITEM_ID, "itemId of three spaces"),
    OVERSIZED_USER_ID(RejectReason.ID_TOO_LONG, "userId (and key) of 300 characters"),
    OVERSIZED_ITEM_ID(RejectReason.ID_TOO_LONG, "itemId of 300 characters"),
    TOO_MANY_CONTEXT_ENTRIES(RejectReason.CONTEXT_TOO_LARGE, "context with 65 entries"),
    OVERSIZED_CONTEXT(RejectReason.CONTEXT_TOO_LARGE, "context with one value of 20,000 characters"),
    UNKNOWN_TYPE(RejectReason.UNKNOWN_TYPE, "type UNKNOWN"),
    NEWER_TYPE_SYMBOL(RejectReason.UNKNOWN_TYPE,
        "type SHARE, written by a newer producer whose enum has that symbol (registered, read as UNKNOWN)"),
    FAR_FUTURE(RejectReason.TIMESTAMP_IN_FUTURE, "timestamp 2100-01-01T00:00:00Z"),
    BEFORE_2000(RejectReason.TIMESTAMP_TOO_OLD, "timestamp 1999-12-31T23:59:59Z"),
    VALUE_NOT_FINITE(RejectReason.VALUE_NOT_FINITE, "value NaN"),
    KEY_OF_ANOTHER_USER(RejectReason.KEY_MISMATCH, "keyed by another user than its userId"),
    NO_KEY(RejectReason.KEY_MISMATCH, "a valid Interaction with a null key"),
    TOMBSTONE(RejectReason.EMPTY_VALUE, "null value (a tombstone)"),
    EMPTY_VALUE(RejectReason.EMPTY_VALUE, "zero-length value"),
    DUPLICATE(RejectReason.DUPLICATE_EVENT, "the good record just sent, sent again (a producer retry)"),
    POISON(RejectReason.PROCESSING_ERROR, "a record that makes the processor throw (fault injected into the ingest's validator)");

    /** Header naming the case and its sequence number, e.g. {@code TOO_SHORT#3}. */
    static final String MARKER = "distill.test.bad";
    /** EventId prefix of the record that {@link #POISON} makes the injected validator throw on. */
    static final String POISON_PREFIX = "poison-";

    /** The cases a real ingest process meets, without fault injection. */
    static final List<BadInput> REAL = Arrays.stream(values()).filter(kind -> kind != POISON).toList();

    private static final Schema NEWER_INTERACTION = newerInteractionSchema();

    private final RejectReason reason;
    private final String description;

    BadInput(final RejectReason reason, final String description) {
        this.reason = reason;
        this.description = description;
    }

    RejectReason reason() {
        return reason;
    }

    String description() {
        return description;
    }

    /** What a bad record is made with. */
    /**
     * @param topic       the interactions topic
     * @param labelsTopic a topic whose value subject holds SoftLabel: a producer that sends its records to the wrong
     *                    topic frames them with that subject's schema id (the registry refuses a SoftLabel under the
     *                    interactions subject, so that mistake cannot be made there)
     */
    record Tools(String topic, String labelsTopic, Serializer<Interaction> interactions, Serializer<SoftLabel> labels,
                 Serializer<GenericRecord> generic) {
    }

    /**
     * The bad record of this kind made from {@code good}.
     *
     * @param sequence   distinguishes the records of one kind
     * @param goodBytes  the value bytes {@code good} was sent with
     */
    ProducerRecord<byte[], byte[]> make(final long sequence, final Interaction good, final byte[] goodBytes, final Tools tools) {
        final String user = good.getUserId();
        final String id = "bad-" + name() + "-" + sequence;
        final Interaction.Builder event = Interaction.newBuilder(good).setEventId(id);
        final String long300 = "x".repeat(300);
        final ProducerRecord<byte[], byte[]> record = switch (this) {
            case TEXT_NOT_AVRO -> record(tools, user, utf8("click u1 i2 at noon (not Avro) " + id));
            case JSON_NOT_AVRO -> record(tools, user, utf8("{\"eventId\":\"" + id + "\",\"userId\":\"" + user + "\"}"));
            case TOO_SHORT -> record(tools, user, new byte[] {0, 0, 1});
            case WRONG_MAGIC_BYTE -> {
                final byte[] bytes = serialize(tools, event.build());
                bytes[0] = 1;
                yield record(tools, user, bytes);
            }
            case UNKNOWN_SCHEMA_ID -> {
                final byte[] bytes = serialize(tools, event.build());
                ConfluentWireFormat.writeHeader(bytes, 0, 987_654);
                yield record(tools, user, bytes);
            }
            case OTHER_SCHEMA -> record(tools, user, tools.labels().serialize(tools.labelsTopic(), SoftLabel.newBuilder().setEventId(id)
                .setUserId(user).setEventTimestamp(good.getTimestamp()).setItemId(good.getItemId()).setType(good.getType())
                .setTeacherVersion("popularity@0").setTemperature(1f).setCandidates(List.of(new Candidate(good.getItemId(), 1f)))
                .setTeacherRank(null).setLabelledAt(good.getTimestamp()).build()));
            case TRUNCATED_BODY -> {
                final byte[] bytes = serialize(tools, event.build());
                yield record(tools, user, Arrays.copyOf(bytes, bytes.length - 4));
            }
            case TRAILING_BYTES -> {
                final byte[] bytes = serialize(tools, event.build());
                yield record(tools, user, Arrays.copyOf(bytes, bytes.length + 3));
            }
            case MISSING_EVENT_ID -> record(tools, user, serialize(tools, event.setEventId("").build()));
            case MISSING_USER_ID -> record(tools, user, serialize(tools, event.setUserId("").build()));
            case BLANK_ITEM_ID -> record(tools, user, serialize(tools, event.setItemId("   ").build()));
            case OVERSIZED_USER_ID -> record(tools, long300, serialize(tools, event.setUserId(long300).build()));
            case OVERSIZED_ITEM_ID -> record(tools, user, serialize(tools, event.setItemId(long300).build()));
            case TOO_MANY_CONTEXT_ENTRIES -> {
                final Map<String, String> context = new HashMap<>();
                for (int i = 0; i < 65; i++) {
                    context.put("k" + i, "v");
                }
                yield record(tools, user, serialize(tools, event.setContext(context).build()));
            }
            case OVERSIZED_CONTEXT -> record(tools, user, serialize(tools, event.setContext(Map.of("page", "p".repeat(20_000))).build()));
            case UNKNOWN_TYPE -> record(tools, user, serialize(tools, event.setType(InteractionType.UNKNOWN).build()));
            case NEWER_TYPE_SYMBOL -> record(tools, user, tools.generic().serialize(tools.topic(), newerProducersEvent(event.build())));
            case FAR_FUTURE -> record(tools, user, serialize(tools, event.setTimestamp(Instant.parse("2100-01-01T00:00:00Z")).build()));
            case BEFORE_2000 -> record(tools, user, serialize(tools, event.setTimestamp(Instant.parse("1999-12-31T23:59:59Z")).build()));
            case VALUE_NOT_FINITE -> record(tools, user, serialize(tools, event.setValue(Double.NaN).build()));
            case KEY_OF_ANOTHER_USER -> record(tools, user + "-other", serialize(tools, event.build()));
            case NO_KEY -> new ProducerRecord<>(tools.topic(), null, serialize(tools, event.build()));
            case TOMBSTONE -> record(tools, user, null);
            case EMPTY_VALUE -> record(tools, user, new byte[0]);
            case DUPLICATE -> record(tools, user, goodBytes.clone());
            case POISON -> record(tools, user, serialize(tools, event.setEventId(POISON_PREFIX + sequence).build()));
        };
        record.headers().add(MARKER, utf8(marker(sequence)));
        return record;
    }

    /** The {@value #MARKER} header value of this kind's {@code sequence}-th record. */
    String marker(final long sequence) {
        return name() + "#" + sequence;
    }

    /** The kind a marker names. */
    static BadInput ofMarker(final String marker) {
        return valueOf(marker.substring(0, marker.indexOf('#')));
    }

    private static ProducerRecord<byte[], byte[]> record(final Tools tools, final String key, final byte[] value) {
        return new ProducerRecord<>(tools.topic(), utf8(key), value);
    }

    private static byte[] serialize(final Tools tools, final Interaction event) {
        return tools.interactions().serialize(tools.topic(), event);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code event} as a newer producer writes it: its InteractionType has one more symbol, and the event uses it. */
    private static GenericRecord newerProducersEvent(final Interaction event) {
        final GenericRecord record = new GenericData.Record(NEWER_INTERACTION);
        for (final Schema.Field field : NEWER_INTERACTION.getFields()) {
            record.put(field.name(), event.get(field.name()));
        }
        record.put("type", new GenericData.EnumSymbol(NEWER_INTERACTION.getField("type").schema(), "SHARE"));
        record.put("timestamp", event.getTimestamp().toEpochMilli());
        return record;
    }

    private static Schema newerInteractionSchema() {
        final String current = Interaction.getClassSchema().toString();
        final String withShare = current.replace("\"UNKNOWN\"]", "\"UNKNOWN\",\"SHARE\"]");
        if (withShare.equals(current)) {
            throw new IllegalStateException("the InteractionType symbols changed; update the newer producer's schema");
        }
        return new Schema.Parser().parse(withShare);
    }
}
