package io.distill.schemas.serde;

import io.distill.schemas.registry.SchemaMetadata;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values (SpecificRecord, GenericRecord, enums, fixed, primitives) in the Confluent wire format
 * ({@link ConfluentWireFormat}). {@code null} becomes {@code null}, so tombstones stay tombstones.
 *
 * <p>The subject comes from the configured {@link SubjectNameStrategy}; the schema is registered under it
 * ({@code auto.register.schemas=true}, the default), looked up ({@code false}), or replaced by the subject's
 * latest version ({@code use.latest.version=true}). The id and the datum writer are cached per (topic, schema),
 * and the last one used is checked by reference first, so the per-record path makes no registry call and no
 * map lookup while the schema stays the same. Thread-safe; output buffers are per thread.
 *
 * <p>Created with a client, the serializer is ready to use with the defaults (value side, TopicNameStrategy,
 * auto-register); {@link #configure} changes them. Created without one, it must be configured first and then
 * creates (and closes) its own client from {@code schema.registry.url}.
 *
 * @param <T> the type of value written
 */
public final class AvroSerializer<T> implements Serializer<T> {
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private final SchemaRegistryClient providedClient;
    private volatile Settings settings;
    private final ConcurrentMap<String, ConcurrentMap<Schema, Target>> targets = new ConcurrentHashMap<>();
    private volatile Target last;
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

    private record Settings(SchemaRegistryClient client, boolean ownsClient, boolean isKey, boolean autoRegister,
                            boolean useLatestVersion, SubjectNameStrategy strategy) {
    }

    private record Target(String topic, Schema schema, int id, DatumWriter<Object> writer) {
    }

    /** Buffer and encoder reused by one thread. */
    private static final class Output extends ByteArrayOutputStream {
        private BinaryEncoder encoder;

        Output() {
            super(256);
        }

        byte[] takeBytes() {
            final byte[] bytes = Arrays.copyOf(buf, count);
            if (buf.length > MAX_RETAINED_BUFFER) {
                buf = new byte[256];
            }
            return bytes;
        }
    }

    /** A serializer that creates its client in {@link #configure}. */
    public AvroSerializer() {
        this.providedClient = null;
    }

    /** A value serializer over {@code client}, ready to use with the default settings. */
    public AvroSerializer(final SchemaRegistryClient client) {
        this.providedClient = Objects.requireNonNull(client, "client");
        configure(new AvroSerdeConfig(Map.of()), false, client, false);
    }

    /** A serializer over {@code client} configured from Confluent-style properties. */
    public AvroSerializer(final SchemaRegistryClient client, final Map<String, ?> configs, final boolean isKey) {
        this.providedClient = Objects.requireNonNull(client, "client");
        configure(configs, isKey);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (providedClient != null) {
            configure(config, isKey, providedClient, false);
        } else {
            configure(config, isKey, SchemaRegistryClients.create(config), true);
        }
    }

    /** Configures with a client chosen by the caller (a serde sharing one client between both sides). */
    void configure(final AvroSerdeConfig config, final boolean isKey, final SchemaRegistryClient client,
                   final boolean ownsClient) {
        final Settings previous = settings;
        settings = new Settings(client, ownsClient, isKey, config.autoRegisterSchemas(), config.useLatestVersion(),
                config.subjectNameStrategy(isKey));
        targets.clear();
        last = null;
        if (previous != null && previous.ownsClient() && previous.client() != client) {
            previous.client().close();
        }
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        final Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        final Schema schema;
        try {
            schema = AvroData.schemaOf(data);
        } catch (final IllegalArgumentException e) {
            throw new WireFormatException(Reason.INVALID_DATUM, topic, WireFormatException.NO_SCHEMA_ID,
                    e.getMessage(), e);
        }
        Target target = last;
        if (target == null || target.schema() != schema || !target.topic().equals(topic)) {
            target = target(current, topic, schema, data);
            last = target;
        }
        final Output out = outputs.get();
        out.reset();
        out.write(ConfluentWireFormat.header(target.id()), 0, ConfluentWireFormat.HEADER_SIZE);
        out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
        try {
            target.writer().write(AvroData.writable(data), out.encoder);
        } catch (final IOException | RuntimeException e) {
            throw new WireFormatException(Reason.INVALID_DATUM, topic, target.id(), "cannot encode a value of "
                    + schema.getFullName() + " with its own schema: " + e, e);
        }
        return out.takeBytes();
    }

    private Target target(final Settings current, final String topic, final Schema schema, final Object data) {
        final ConcurrentMap<Schema, Target> byTopic = targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        final Target cached = byTopic.get(schema);
        if (cached != null) {
            return cached;
        }
        final String subject;
        try {
            subject = current.strategy().subjectName(topic, current.isKey(), schema);
        } catch (final IllegalArgumentException e) {
            throw new WireFormatException(Reason.INVALID_DATUM, topic, WireFormatException.NO_SCHEMA_ID,
                    e.getMessage(), e);
        }
        final int id;
        try {
            if (current.useLatestVersion()) {
                id = latestId(current.client(), topic, subject, schema);
            } else if (current.autoRegister()) {
                id = current.client().register(subject, schema);
            } else {
                id = current.client().getId(subject, schema);
            }
        } catch (final SchemaRegistryException e) {
            // an unusable registry (down, or refusing our credentials) is not a verdict on the schema
            final boolean unusable = e.isRetriable() || e.httpStatus() == 401 || e.httpStatus() == 403;
            throw new WireFormatException(unusable ? Reason.REGISTRY_UNAVAILABLE : Reason.REGISTRY_REJECTED,
                    topic, WireFormatException.NO_SCHEMA_ID, "subject '" + subject + "': " + e.getMessage(), e);
        }
        final Target target = new Target(topic, schema, id, AvroData.writerFor(data, schema));
        final Target raced = byTopic.putIfAbsent(schema, target);
        return raced != null ? raced : target;
    }

    /**
     * The latest version's id, usable only when it encodes exactly like the record's schema (same Parsing
     * Canonical Form): the bytes are then those the latest schema would write, so the record is encoded with
     * its own schema (keeping its logical-type conversions) and stamped with the latest id.
     */
    private static int latestId(final SchemaRegistryClient client, final String topic, final String subject,
                                final Schema schema) {
        final SchemaMetadata latest = client.getLatestSchemaMetadata(subject);
        if (!SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, latest.id(), "use.latest.version: the "
                    + "latest version " + latest.version() + " of subject '" + subject + "' does not encode like the "
                    + "record's schema " + schema.getFullName(), null);
        }
        return latest.id();
    }

    @Override
    public void close() {
        final Settings current = settings;
        outputs.remove();
        if (current != null && current.ownsClient()) {
            current.client().close();
        }
    }
}
