package io.distill.schemas.serde;

import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.AvroDeserializer.Mode;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link GenericRecord} in the Confluent wire format: values are read with their writer schema,
 * whatever {@code specific.avro.reader} says. Serializer and deserializer share one registry client; the serde
 * closes it only if it created it.
 */
public final class GenericAvroSerde implements Serde<GenericRecord> {
    private final SchemaRegistryClient providedClient;
    private final AvroSerializer<GenericRecord> serializer;
    private final AvroDeserializer<GenericRecord> deserializer;

    /** A serde that creates its client in {@link #configure}. */
    public GenericAvroSerde() {
        this.providedClient = null;
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(null, null, Mode.GENERIC);
    }

    /** A value serde over {@code client}, ready to use; {@link #configure} changes the settings. */
    public GenericAvroSerde(final SchemaRegistryClient client) {
        this.providedClient = Objects.requireNonNull(client, "client");
        this.serializer = new AvroSerializer<>(client);
        this.deserializer = new AvroDeserializer<>(null, client, Mode.GENERIC);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final AvroSerdeConfig config = new AvroSerdeConfig(configs);
        final boolean owns = providedClient == null;
        final SchemaRegistryClient client = owns ? SchemaRegistryClients.create(config) : providedClient;
        serializer.configure(config, isKey, client, owns);
        deserializer.configure(config, client, false);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        deserializer.close();
        serializer.close();
    }
}
