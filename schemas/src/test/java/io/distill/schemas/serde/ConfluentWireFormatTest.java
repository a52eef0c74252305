package io.distill.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.RegistryRecord.SchemaVersion;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of the Confluent wire format, derived by hand from the published format (magic byte 0,
 * big-endian 4-byte schema id, Avro binary: ints and longs as zig-zag varints, strings as a zig-zag varint
 * length then UTF-8, enums as the zig-zag symbol index, unions as the zig-zag branch index then the value).
 */
class ConfluentWireFormatTest {
    private static final Schema TINY = new Schema.Parser().parse("""
            {"type":"record","name":"Tiny","namespace":"t","fields":[
              {"name":"a","type":"int"},{"name":"s","type":"string"}]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("wire");

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        assertThat(ConfluentWireFormat.header(1)).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01);
        assertThat(ConfluentWireFormat.header(300)).containsExactly(0x00, 0x00, 0x00, 0x01, 0x2C);
        assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(ConfluentWireFormat.schemaId("t", bytes(0x00, 0x01, 0x02, 0x03, 0x04, 0x99))).isEqualTo(0x01020304);
        assertThat(ConfluentWireFormat.schemaId("t", bytes(0x00, 0x7F, 0xFF, 0xFF, 0xFF))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void tinyGenericRecordWithIdOneHasTheHandDerivedBytes() {
        final AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        final GenericRecord record = new GenericData.Record(TINY);
        record.put("a", 1);
        record.put("s", "hi");

        // 0x00 | id 1 | a: zigzag(1)=2 | s: length zigzag(2)=4, 'h'=0x68, 'i'=0x69
        assertThat(serializer.serialize("tiny", record))
                .containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x04, 0x68, 0x69);
        assertThat(registry.getId("tiny-value", TINY)).isEqualTo(1);

        record.put("a", -65);
        record.put("s", "");
        // zigzag(-65) = 129 = varint 0x81 0x01; the empty string is its length 0
        assertThat(serializer.serialize("tiny", record))
                .containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x81, 0x01, 0x00);
    }

    @Test
    void interactionHasTheHandDerivedBytes() {
        final AvroSerializer<Interaction> serializer = new AvroSerializer<>(registry);

        assertThat(serializer.serialize("interactions", interaction(null))).containsExactly(interactionBytes(1));
        assertThat(serializer.serialize("interactions", interaction(2.5))).containsExactly(concat(
                bytes(0x00, 0x00, 0x00, 0x00, 0x01),
                bytes(0x04, 'e', '1', 0x04, 'u', '1', 0x04, 'i', '1', 0x02, 0xD0, 0x0F),
                // value: union branch 1 (zigzag 2), then the double 2.5 = 0x4004000000000000 little-endian
                bytes(0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40),
                bytes(0x00)));
    }

    @Test
    void handWrittenBytesDecodeToTheRecord() {
        registry.register("interactions-value", Interaction.getClassSchema());
        final AvroDeserializer<Interaction> specific = new AvroDeserializer<>(Interaction.class, registry);
        final AvroDeserializer<GenericRecord> generic = new AvroDeserializer<>(registry);

        assertThat(specific.deserialize("interactions", interactionBytes(1))).isEqualTo(interaction(null));
        final GenericRecord read = generic.deserialize("interactions", interactionBytes(1));
        assertThat(read.get("eventId").toString()).isEqualTo("e1");
        assertThat(read.get("type").toString()).isEqualTo("CLICK");
        assertThat(read.get("timestamp")).isEqualTo(1000L);
    }

    @Test
    void idsAboveOneByteAreBigEndianBothWays() {
        // an id assigned elsewhere (as if replayed from a registry's log), so it is >= 256
        registry.apply(new SchemaVersion("interactions-value", 1, 0x01020304, Interaction.getClassSchema().toString(),
                false));
        final AvroSerializer<Interaction> serializer = new AvroSerializer<>(registry);
        final AvroDeserializer<Interaction> deserializer = new AvroDeserializer<>(Interaction.class, registry);

        final byte[] written = serializer.serialize("interactions", interaction(null));
        assertThat(written).startsWith(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(written).containsExactly(interactionBytes(0x01020304));

        registry.apply(new SchemaVersion("other-value", 1, 300, Interaction.getClassSchema().toString(), false));
        assertThat(deserializer.deserialize("interactions", interactionBytes(300))).isEqualTo(interaction(null));
        assertThat(ConfluentWireFormat.schemaId("interactions", interactionBytes(300))).isEqualTo(300);
    }

    @Test
    void byteBufferWithOffsetDecodesLikeTheArray() {
        registry.register("interactions-value", Interaction.getClassSchema());
        final AvroDeserializer<Interaction> deserializer = new AvroDeserializer<>(Interaction.class, registry);
        final byte[] record = interactionBytes(1);
        final ByteBuffer framed = ByteBuffer.wrap(concat(bytes(0x55, 0x55), record, bytes(0x66)), 2, record.length);

        assertThat(deserializer.deserialize("interactions", null, framed.slice())).isEqualTo(interaction(null));
        assertThat(deserializer.deserialize("interactions", null, (ByteBuffer) null)).isNull();
    }

    @Test
    void headerErrorsNameTheCause() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId("t", bytes(0x00, 0x00, 0x01)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.TRUNCATED))
                .hasMessageContaining("3 byte(s)").hasMessageContaining("topic 't'");
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId("t", bytes(0x7B, 0x22, 0x61, 0x22, 0x3A)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.BAD_MAGIC_BYTE))
                .hasMessageContaining("0x7b");
    }

    /** The Interaction of {@link #interaction} with {@code value} null, framed with {@code id}. */
    static byte[] interactionBytes(final int id) {
        return concat(ConfluentWireFormat.header(id),
                // eventId "e1", userId "u1", itemId "i1": length zigzag(2)=4 then UTF-8
                bytes(0x04, 'e', '1', 0x04, 'u', '1', 0x04, 'i', '1'),
                // type CLICK: symbol index 1 -> zigzag 2
                bytes(0x02),
                // timestamp 1000 ms -> zigzag 2000 = 0x7D0 -> varint 0xD0 0x0F
                bytes(0xD0, 0x0F),
                // value null and context null: union branch 0 each
                bytes(0x00, 0x00));
    }

    static Interaction interaction(final Double value) {
        return Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
                .setType(InteractionType.CLICK).setTimestamp(Instant.ofEpochMilli(1000)).setValue(value)
                .setContext(null).build();
    }

    static byte[] bytes(final int... values) {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(final byte[]... parts) {
        int length = 0;
        for (final byte[] part : parts) {
            length += part.length;
        }
        final byte[] out = new byte[length];
        int at = 0;
        for (final byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
