package io.distill.schemas.serde;

import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.WireFormatException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format ({@link ConfluentWireFormat}): checks the header, fetches the
 * writer schema by id (cached by the client), resolves it to the reader schema and decodes. {@code null}
 * becomes {@code null}.
 *
 * <p>The reader schema is the given class's schema (specific, e.g. {@code new AvroDeserializer<>(Interaction.class)}),
 * the generated class named by the writer schema ({@code specific.avro.reader=true}), or the writer schema itself
 * (generic, the default). Whether the writer schema resolves to the reader schema is decided once per schema id
 * with Avro's {@link SchemaCompatibility}, and the datum reader is cached per id, so the per-record path is a
 * header check, one reference comparison and the decoding.
 *
 * <p>Every failure is a {@link WireFormatException} whose {@link WireFormatException.Reason} tells a
 * dead-letter policy what happened. Thread-safe.
 *
 * @param <T> the type of value read
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    /** How reader schemas are chosen. */
    enum Mode {
        /** The reader schema is the writer schema; values are GenericRecord (or primitives). */
        GENERIC,
        /** The reader schema is that of the generated class named by the writer schema. */
        SPECIFIC_BY_WRITER_NAME,
        /** The reader schema is that of the class given at construction. */
        SPECIFIC_CLASS,
        /** Decided by {@code specific.avro.reader} at configuration. */
        FROM_CONFIG
    }

    private final Class<T> specificType;
    private final SchemaRegistryClient providedClient;
    private final Mode requestedMode;
    private volatile Settings settings;
    private final ConcurrentMap<Integer, Reader> readers = new ConcurrentHashMap<>();
    private volatile Reader last;
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    private record Settings(SchemaRegistryClient client, boolean ownsClient, Mode mode) {
    }

    /** What one writer schema id reads as; {@code mismatch} is set instead of a reader when it cannot. */
    private record Reader(int id, DatumReader<Object> datumReader, String mismatch) {
    }

    /** A deserializer configured later; generic unless {@code specific.avro.reader=true}. */
    public AvroDeserializer() {
        this(null, null, Mode.FROM_CONFIG);
    }

    /** A generic deserializer over {@code client}, ready to use. */
    public AvroDeserializer(final SchemaRegistryClient client) {
        this(null, Objects.requireNonNull(client, "client"), Mode.FROM_CONFIG);
    }

    /** A deserializer into {@code specificType}, configured later. */
    public AvroDeserializer(final Class<T> specificType) {
        this(Objects.requireNonNull(specificType, "specificType"), null, Mode.SPECIFIC_CLASS);
    }

    /** A deserializer into {@code specificType} over {@code client}, ready to use. */
    public AvroDeserializer(final Class<T> specificType, final SchemaRegistryClient client) {
        this(Objects.requireNonNull(specificType, "specificType"), Objects.requireNonNull(client, "client"),
                Mode.SPECIFIC_CLASS);
    }

    /** For serdes that fix the mode whatever the configuration says. */
    AvroDeserializer(final Class<T> specificType, final SchemaRegistryClient client, final Mode mode) {
        this.specificType = specificType;
        this.providedClient = client;
        this.requestedMode = mode;
        if (client != null) {
            configure(new AvroSerdeConfig(Map.of()), client, false);
        }
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (providedClient != null) {
            configure(config, providedClient, false);
        } else {
            configure(config, SchemaRegistryClients.create(config), true);
        }
    }

    /** Configures with a client chosen by the caller (a serde sharing one client between both sides). */
    void configure(final AvroSerdeConfig config, final SchemaRegistryClient client, final boolean ownsClient) {
        final Mode mode = requestedMode != Mode.FROM_CONFIG ? requestedMode
                : config.specificAvroReader() ? Mode.SPECIFIC_BY_WRITER_NAME : Mode.GENERIC;
        final Settings previous = settings;
        settings = new Settings(client, ownsClient, mode);
        readers.clear();
        last = null;
        if (previous != null && previous.ownsClient() && previous.client() != client) {
            previous.client().close();
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(final String topic, final Headers headers, final byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(final String topic, final Headers headers, final ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        final byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    @SuppressWarnings("unchecked")
    private T decode(final String topic, final byte[] data, final int offset, final int length) {
        final Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        final int id = ConfluentWireFormat.schemaId(topic, data, offset, length);
        Reader reader = last;
        if (reader == null || reader.id() != id) {
            reader = reader(current, topic, id);
            last = reader;
        }
        if (reader.mismatch() != null) {
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, reader.mismatch(), null);
        }
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset + ConfluentWireFormat.HEADER_SIZE,
                length - ConfluentWireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        final Object value;
        try {
            value = reader.datumReader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException(Reason.MALFORMED_AVRO, topic, id, decoder.inputStream().available()
                        + " byte(s) left after the Avro record", null);
            }
        } catch (final EOFException e) {
            throw new WireFormatException(Reason.TRUNCATED, topic, id, "the Avro body ends before the record does ("
                    + (length - ConfluentWireFormat.HEADER_SIZE) + " body bytes)", e);
        } catch (final IOException | RuntimeException e) {
            if (e instanceof WireFormatException wire) {
                throw wire;
            }
            // resolvability was checked for this id, so what fails here is the bytes, not the schemas
            throw new WireFormatException(Reason.MALFORMED_AVRO, topic, id, "the body does not decode: " + e, e);
        }
        return (T) value;
    }

    private Reader reader(final Settings current, final String topic, final int id) {
        final Reader cached = readers.get(id);
        if (cached != null) {
            return cached;
        }
        final Schema writer;
        try {
            writer = current.client().getSchemaById(id);
        } catch (final SchemaRegistryException e) {
            final Reason reason = e.is(RegistryError.SCHEMA_NOT_FOUND) ? Reason.UNKNOWN_SCHEMA_ID
                    : e.is(RegistryError.INVALID_SCHEMA) ? Reason.SCHEMA_MISMATCH
                    : Reason.REGISTRY_UNAVAILABLE;
            throw new WireFormatException(reason, topic, id, e.getMessage(), e);
        }
        final Reader reader = resolve(current.mode(), id, writer);
        final Reader raced = readers.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    private Reader resolve(final Mode mode, final int id, final Schema writer) {
        if (mode == Mode.GENERIC || mode == Mode.SPECIFIC_BY_WRITER_NAME && !isNamed(writer)) {
            return new Reader(id, new GenericDatumReader<>(writer, writer, GenericData.get()), null);
        }
        final Class<?> type;
        if (mode == Mode.SPECIFIC_CLASS) {
            type = specificType;
        } else {
            type = SpecificData.get().getClass(writer);
            if (type == null) {
                return new Reader(id, null, "no generated class " + writer.getFullName()
                        + " on the classpath for the writer schema (specific.avro.reader=true)");
            }
        }
        final SpecificData model = SpecificData.getForClass(type);
        final Schema readerSchema = model.getSchema(type);
        if (readerSchema != writer && !readerSchema.equals(writer)) {
            final SchemaCompatibilityResult result =
                    SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer).getResult();
            if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                return new Reader(id, null, "writer schema " + writer.getFullName() + " cannot be read as "
                        + readerSchema.getFullName() + ": " + result.getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                        .collect(Collectors.joining("; ")));
            }
        }
        return new Reader(id, new SpecificDatumReader<>(writer, readerSchema, model), null);
    }

    private static boolean isNamed(final Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }

    @Override
    public void close() {
        final Settings current = settings;
        decoders.remove();
        if (current != null && current.ownsClient()) {
            current.client().close();
        }
    }
}
