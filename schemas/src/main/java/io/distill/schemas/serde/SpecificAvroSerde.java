package io.distill.schemas.serde;

import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.AvroDeserializer.Mode;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of generated Avro classes in the Confluent wire format, e.g.
 * {@code new SpecificAvroSerde<>(Interaction.class)} then {@code configure(props, false)}, or
 * {@code new SpecificAvroSerde<>(Interaction.class, client)} ready to use as a value serde. Serializer and
 * deserializer share one registry client (and its caches); the serde closes it only if it created it.
 *
 * @param <T> the generated class
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final SchemaRegistryClient providedClient;
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** A serde reading into the class named by each record's writer schema; configure before use. */
    public SpecificAvroSerde() {
        this.providedClient = null;
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(null, null, Mode.SPECIFIC_BY_WRITER_NAME);
    }

    /** A serde of {@code type}; configure before use. */
    public SpecificAvroSerde(final Class<T> type) {
        this.providedClient = null;
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(Objects.requireNonNull(type, "type"), null, Mode.SPECIFIC_CLASS);
    }

    /** A value serde of {@code type} over {@code client}, ready to use; {@link #configure} changes the settings. */
    public SpecificAvroSerde(final Class<T> type, final SchemaRegistryClient client) {
        this.providedClient = Objects.requireNonNull(client, "client");
        this.serializer = new AvroSerializer<>(client);
        this.deserializer = new AvroDeserializer<>(Objects.requireNonNull(type, "type"), client, Mode.SPECIFIC_CLASS);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        final boolean owns = providedClient == null;
        final SchemaRegistryClient client = owns ? SchemaRegistryClients.create(config) : providedClient;
        serializer.configure(config, isKey, client, owns);
        // the serializer owns the shared client; the deserializer must not close it a second time
        deserializer.configure(config, client, false);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        deserializer.close();
        serializer.close();
    }
}
