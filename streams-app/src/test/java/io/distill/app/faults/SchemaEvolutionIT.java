package io.distill.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.app.pipeline.Pipeline;
import io.distill.avro.Interaction;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticStream;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.serde.GenericAvroSerde;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.serde.WireFormatException;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema evolution through the real pipeline (ingest, teacher, student in this JVM, the registry's HTTP API): a newer
 * producer registers and writes Interaction v2, which adds an optional field with a default, while an old producer
 * keeps writing v1, interleaved; both reach the student, and the ingest passes v2's bytes (and its extra field) through
 * untouched. An incompatible change is refused by the registry with 409, and the producer gets a
 * {@link SerializationException} ({@link WireFormatException.Reason#REGISTRY_REJECTED}) naming the subject.
 */
@ExtendWith(LocalKafkaExtension.class)
class SchemaEvolutionIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int EVENTS = 2_000;
    /** v1 plus {@code channel}, optional, default null: BACKWARD compatible. */
    static final Schema V2 = withField("{\"name\": \"channel\", \"type\": [\"null\", \"string\"], \"default\": null,"
        + " \"doc\": \"Where the interaction happened (web, app, ...).\"}");
    /** v1 plus a required field without a default: a v3 reader cannot read v1 or v2 records. */
    static final Schema REQUIRED_FIELD = withField("{\"name\": \"sessionId\", \"type\": \"string\"}");
    /** v1 with {@code userId} an int instead of a string. */
    static final Schema TYPE_CHANGED = changed("{\"name\":\"userId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
        "{\"name\":\"userId\",\"type\":\"int\"");

    @Test
    void aV2ProducerAndAV1ProducerFlowSideBySideAndAnIncompatibleChangeIsRefused(final SharedKafka kafka,
                                                                                  @TempDir final Path dir) throws Exception {
        final PipelineLayout layout = PipelineLayout.of(kafka.uniqueTopic("evolution"), 2, kafka.bootstrapServers(),
            kafka.schemaRegistryUrl().toString(), dir.resolve("state"));
        FaultStack.createTopics(kafka.bootstrapServers(), layout.topics());
        final String topic = layout.topics().interactions();
        final String subject = topic + "-value";
        final Map<String, Object> registrySettings = Map.of("schema.registry.url", layout.registryUrl());
        final Map<String, Object> producerSettings = new HashMap<>(kafka.clientConfig());
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        final List<String> sent = new ArrayList<>();
        final List<String> sentAsV2 = new ArrayList<>();

        try (Pipeline pipeline = Pipeline.create(layout.settings(), InProcessPipeline.CLOCK, EnumSet.of(Pipeline.Role.INGEST,
                 Pipeline.Role.TEACHER, Pipeline.Role.STUDENT), new PrometheusRegistry());
             SchemaRegistryClient registry = SchemaRegistryClients.create(registrySettings);
             SpecificAvroSerde<Interaction> v1 = new SpecificAvroSerde<>(Interaction.class, registry);
             GenericAvroSerde v2 = new GenericAvroSerde(registry);
             KafkaProducer<String, Interaction> oldProducer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                 configured(v1, registrySettings).serializer());
             KafkaProducer<String, GenericRecord> newProducer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                 configured(v2, registrySettings).serializer())) {
            pipeline.start();
            try (InteractionSource source = new SyntheticStream(SyntheticParamsFor.events(EVENTS)).open()) {
                for (int i = 0; source.hasNext(); i++) {
                    final Interaction event = source.next();
                    sent.add(event.getEventId());
                    if (i % 3 == 1) {
                        sentAsV2.add(event.getEventId());
                        newProducer.send(new ProducerRecord<>(topic, event.getUserId(), asV2(event, i % 2 == 0 ? "web" : "app")));
                    } else {
                        oldProducer.send(new ProducerRecord<>(topic, event.getUserId(), event));
                    }
                }
            }
            oldProducer.flush();
            newProducer.flush();
            assertThat(registry.getAllVersions(subject)).as("v1 and v2 under %s", subject).hasSize(2);

            PipelineAudit.awaitQuietAndAudit(layout, layout.settings(), sent, Map.of(), TIMEOUT).assertExactlyOnce();
            pipeline.failure().ifPresent(failure -> {
                throw new AssertionError(failure);
            });

            // the ingest passed the v2 records through as written: v2's schema id, the extra field readable
            final int v2Id = registry.register(subject, V2);
            final Map<String, String> channels = new HashMap<>();
            for (final ConsumerRecord<byte[], byte[]> record : kafka.records().readToEnd(layout.topics().interactionsValid(), TIMEOUT)) {
                if (ConfluentWireFormat.schemaId(layout.topics().interactionsValid(), record.value()) == v2Id) {
                    final GenericRecord read = v2.deserializer().deserialize(layout.topics().interactionsValid(), record.value());
                    channels.put(read.get("eventId").toString(), read.get("channel").toString());
                }
            }
            assertThat(channels).hasSize(sentAsV2.size()).containsOnlyKeys(sentAsV2);
            assertThat(channels.values()).containsOnly("web", "app");

            // incompatible changes: the registry answers 409, the producer's serializer fails naming the subject
            for (final Schema incompatible : List.of(REQUIRED_FIELD, TYPE_CHANGED)) {
                assertThatThrownBy(() -> registry.register(subject, incompatible))
                    .as("registering an incompatible schema under %s must be refused with 409: %s", subject, incompatible)
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
                final GenericRecord record = new GenericData.Record(incompatible);
                incompatible.getFields().forEach(field -> record.put(field.name(), field.schema().getType() == Schema.Type.INT ? 7
                    : field.schema().getType() == Schema.Type.LONG ? 0L : field.schema().getType() == Schema.Type.STRING ? "x"
                    : field.schema().getType() == Schema.Type.ENUM ? new GenericData.EnumSymbol(field.schema(), "VIEW") : null));
                assertThatThrownBy(() -> newProducer.send(new ProducerRecord<>(topic, "u1", record)))
                    .isInstanceOf(SerializationException.class)
                    .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.REGISTRY_REJECTED))
                    .hasMessageContaining("subject '" + subject + "'")
                    .hasMessageContaining("409");
            }
            assertThat(registry.getAllVersions(subject)).as("nothing registered by the refused changes").hasSize(2);
        }
    }

    private static <T extends Serde<?>> T configured(final T serde,
                                                                                        final Map<String, Object> settings) {
        serde.configure(settings, false);
        return serde;
    }

    private static GenericRecord asV2(final Interaction event, final String channel) {
        final GenericRecord record = new GenericData.Record(V2);
        record.put("eventId", event.getEventId());
        record.put("userId", event.getUserId());
        record.put("itemId", event.getItemId());
        record.put("type", new GenericData.EnumSymbol(V2.getField("type").schema(), event.getType().name()));
        record.put("timestamp", event.getTimestamp().toEpochMilli());
        record.put("channel", channel);
        return record;
    }

    private static Schema changed(final String from, final String to) {
        final String v1 = Interaction.getClassSchema().toString();
        if (!v1.contains(from)) {
            throw new IllegalStateException("Interaction's schema no longer contains " + from);
        }
        return new Schema.Parser().parse(v1.replace(from, to));
    }

    private static Schema withField(final String field) {
        final String v1 = Interaction.getClassSchema().toString();
        final int end = v1.lastIndexOf(']');
        return new Schema.Parser().parse(v1.substring(0, end) + "," + field + v1.substring(end));
    }
}
