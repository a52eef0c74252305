package io.distill.schemas.serde;

import io.distill.schemas.serde.WireFormatException.Reason;

/**
 * Confluent's wire format for schema-registry data: the magic byte {@code 0}, the schema id as a 4-byte
 * big-endian (network order) signed int, then the datum in Avro binary encoding with the writer schema that
 * id names:
 *
 * <pre>
 *   byte 0     : 0x00
 *   bytes 1..4 : schema id, big-endian
 *   bytes 5..  : Avro binary body
 * </pre>
 */
public final class ConfluentWireFormat {
    /** The first byte of every record. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes of the schema id. */
    public static final int ID_SIZE = 4;
    /** Bytes before the Avro body. */
    public static final int HEADER_SIZE = 1 + ID_SIZE;

    private ConfluentWireFormat() {
    }

    /** The 5-byte header for a schema id. */
    public static byte[] header(final int schemaId) {
        final byte[] header = new byte[HEADER_SIZE];
        writeHeader(header, 0, schemaId);
        return header;
    }

    /** Writes the 5-byte header at {@code offset}. */
    public static void writeHeader(final byte[] target, final int offset, final int schemaId) {
        target[offset] = MAGIC_BYTE;
        target[offset + 1] = (byte) (schemaId >>> 24);
        target[offset + 2] = (byte) (schemaId >>> 16);
        target[offset + 3] = (byte) (schemaId >>> 8);
        target[offset + 4] = (byte) schemaId;
    }

    /**
     * The schema id of a record in wire format, checking the header.
     *
     * @throws WireFormatException {@link Reason#TRUNCATED} or {@link Reason#BAD_MAGIC_BYTE}
     */
    public static int schemaId(final String topic, final byte[] data) {
        return schemaId(topic, data, 0, data.length);
    }

    /** Like {@link #schemaId(String, byte[])} for {@code length} bytes at {@code offset}. */
    public static int schemaId(final String topic, final byte[] data, final int offset, final int length) {
        if (length < HEADER_SIZE) {
            throw new WireFormatException(Reason.TRUNCATED, topic, WireFormatException.NO_SCHEMA_ID,
                    "record has " + length + " byte(s), fewer than the " + HEADER_SIZE + "-byte header", null);
        }
        if (data[offset] != MAGIC_BYTE) {
            throw new WireFormatException(Reason.BAD_MAGIC_BYTE, topic, WireFormatException.NO_SCHEMA_ID,
                    String.format("first byte is 0x%02x, not the magic byte 0x00: not Confluent wire format",
                            data[offset] & 0xff), null);
        }
        return (data[offset + 1] & 0xff) << 24 | (data[offset + 2] & 0xff) << 16
                | (data[offset + 3] & 0xff) << 8 | data[offset + 4] & 0xff;
    }
}
