package io.distill.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Candidate;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.RejectReason;
import io.distill.stack.TopicSpec;
import io.distill.stack.registry.SchemaRegistryServer;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest against a real broker and the registry's HTTP API: exactly-once processing, outputs read with
 * read_committed.
 */
@ExtendWith(LocalKafkaExtension.class)
class IngestIT {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant T0 = NOW.minus(Duration.ofHours(2));
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int VALID = 20;

    private static Map<String, Object> appSettings(final SharedKafka kafka, final String in, final String valid, final String dlq,
                                                   final Path stateDir) {
        final Map<String, Object> props = new HashMap<>(kafka.clientConfig());
        props.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
        props.put(TopicNames.INTERACTIONS, in);
        props.put(TopicNames.INTERACTIONS_VALID, valid);
        props.put(TopicNames.INTERACTIONS_DLQ, dlq);
        props.put(IngestConfig.APPLICATION_ID, kafka.uniqueTopic("ingest-it-app"));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static Interaction event(final int i, final String userId, final Instant timestamp) {
        return Interaction.newBuilder().setEventId("e" + i).setUserId(userId).setItemId("item-" + (i % 7))
            .setType(InteractionType.values()[i % 4]).setTimestamp(timestamp).setValue(null).setContext(null).build();
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validAndBadRecordsEndInTheirTopicsExactlyOnceWithReasons(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        final String in = kafka.uniqueTopic("ingest-it-interactions");
        final String valid = kafka.uniqueTopic("ingest-it-valid");
        final String dlq = kafka.uniqueTopic("ingest-it-dlq");
        kafka.createTopics(TopicSpec.of(in, 2), TopicSpec.of(valid, 2), TopicSpec.of(dlq, 1));
        final Map<String, Object> registry = Map.of("schema.registry.url", kafka.schemaRegistryUrl().toString());
        final Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");

        try (IngestApp app = new IngestApp(appSettings(kafka, in, valid, dlq, stateDir), CLOCK);
             SpecificAvroSerde<Interaction> interactions = new SpecificAvroSerde<>(Interaction.class);
             SpecificAvroSerde<SoftLabel> labels = new SpecificAvroSerde<>(SoftLabel.class)) {
            interactions.configure(registry, false);
            labels.configure(registry, false);
            app.start();

            final List<Interaction> good = new ArrayList<>();
            final Map<String, byte[]> raw = new HashMap<>();
            try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                     interactions.serializer());
                 KafkaProducer<byte[], byte[]> bytes = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
                for (int i = 0; i < VALID; i++) {
                    final Interaction event = event(i, "u" + (i % 4), T0.plusSeconds(i));
                    good.add(event);
                    producer.send(new ProducerRecord<>(in, event.getUserId(), event));
                }
                // a producer retry of e5: DUPLICATE_EVENT
                producer.send(new ProducerRecord<>(in, good.get(5).getUserId(), good.get(5)));
                // keyed by another user: KEY_MISMATCH
                producer.send(new ProducerRecord<>(in, "u3", event(100, "u0", T0)));
                // two days ahead of the ingest's clock: TIMESTAMP_IN_FUTURE
                producer.send(new ProducerRecord<>(in, "u1", event(101, "u1", NOW.plus(Duration.ofDays(2)))));

                raw.put("text", utf8("hello, this is not Avro"));
                raw.put("short", new byte[] {0, 0, 1});
                final byte[] unknownId = interactions.serializer().serialize(in, event(102, "u2", T0));
                ConfluentWireFormat.writeHeader(unknownId, 0, 987_654);
                raw.put("unknown-id", unknownId);
                raw.put("soft-label", labels.serializer().serialize(kafka.uniqueTopic("ingest-it-soft-labels"),
                    SoftLabel.newBuilder().setEventId("e1").setUserId("u2").setEventTimestamp(T0).setItemId("i1")
                        .setType(InteractionType.VIEW).setTeacherVersion("ease-1").setTemperature(2f)
                        .setCandidates(List.of(new Candidate("i1", 1f))).setTeacherRank(null).setLabelledAt(T0).build()));
                for (final Map.Entry<String, byte[]> entry : raw.entrySet()) {
                    bytes.send(new ProducerRecord<>(in, utf8("u2"), entry.getValue()));
                }
                bytes.send(new ProducerRecord<>(in, utf8("u2"), null));
                producer.flush();
                bytes.flush();
            }
            final int rejects = 3 + raw.size() + 1;

            final List<ConsumerRecord<byte[], byte[]>> accepted = kafka.records().readAtLeast(valid, VALID,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), TIMEOUT);
            final List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.records().readAtLeast(dlq, rejects,
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), TIMEOUT);

            // every valid event exactly once, original bytes, event time as timestamp
            assertThat(accepted).hasSize(VALID);
            final Map<String, ConsumerRecord<byte[], byte[]>> byEventId = accepted.stream().collect(Collectors.toMap(
                r -> interactions.deserializer().deserialize(valid, r.value()).getEventId(), r -> r));
            assertThat(byEventId).hasSize(VALID);
            for (final Interaction event : good) {
                final ConsumerRecord<byte[], byte[]> out = byEventId.get(event.getEventId());
                assertThat(out).as(event.getEventId()).isNotNull();
                assertThat(out.key()).isEqualTo(utf8(event.getUserId()));
                assertThat(out.value()).isEqualTo(interactions.serializer().serialize(in, event));
                assertThat(out.timestamp()).isEqualTo(event.getTimestamp().toEpochMilli());
            }

            // every bad record exactly once, with its reason, bytes untouched
            assertThat(deadLetters).hasSize(rejects);
            final Map<RejectReason, Long> reasons = deadLetters.stream().collect(Collectors.groupingBy(
                r -> DeadLetterHeaders.read(r.headers()).orElseThrow().reason(), Collectors.counting()));
            assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                RejectReason.DUPLICATE_EVENT, 1L,
                RejectReason.KEY_MISMATCH, 1L,
                RejectReason.TIMESTAMP_IN_FUTURE, 1L,
                RejectReason.BAD_MAGIC_BYTE, 1L,
                RejectReason.TRUNCATED, 1L,
                RejectReason.UNKNOWN_SCHEMA_ID, 1L,
                RejectReason.WRONG_SCHEMA, 1L,
                RejectReason.EMPTY_VALUE, 1L));
            for (final ConsumerRecord<byte[], byte[]> record : deadLetters) {
                final DeadLetter letter = DeadLetterHeaders.read(record.headers()).orElseThrow();
                assertThat(letter.sourceTopic()).isEqualTo(in);
                assertThat(letter.sourcePartition()).isBetween(0, 1);
                assertThat(letter.sourceOffset()).isNotNegative();
                assertThat(letter.ingestedAt()).isEqualTo(NOW);
                switch (letter.reason()) {
                    case BAD_MAGIC_BYTE -> assertThat(record.value()).isEqualTo(raw.get("text"));
                    case TRUNCATED -> assertThat(record.value()).isEqualTo(raw.get("short"));
                    case UNKNOWN_SCHEMA_ID -> assertThat(record.value()).isEqualTo(raw.get("unknown-id"));
                    case WRONG_SCHEMA -> assertThat(record.value()).isEqualTo(raw.get("soft-label"));
                    case EMPTY_VALUE -> assertThat(record.value()).isNull();
                    case DUPLICATE_EVENT -> assertThat(record.value()).isEqualTo(interactions.serializer().serialize(in, good.get(5)));
                    default -> assertThat(letter.errorClass()).isEqualTo(DeadLetterHeaders.VALIDATION);
                }
            }

            assertThat(ingestTotal(app, IngestMetrics.ACCEPTED_TOTAL)).isEqualTo(VALID);
            assertThat(ingestTotal(app, IngestMetrics.REJECTED_TOTAL)).isEqualTo(rejects);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);

            app.close();
            assertThat(app.awaitTermination(Duration.ZERO)).isTrue();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        }
    }

    /** The sum of an ingest counter over tasks (and reasons). */
    private static double ingestTotal(final IngestApp app, final String name) {
        return app.metrics().entrySet().stream()
            .filter(e -> e.getKey().group().equals(IngestMetrics.GROUP) && e.getKey().name().equals(name))
            .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
    }

    @Test
    void recordsMetWhileTheRegistryIsDownAreRetriedNotDeadLettered(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        final String in = kafka.uniqueTopic("ingest-it-retry-interactions");
        final String valid = kafka.uniqueTopic("ingest-it-retry-valid");
        final String dlq = kafka.uniqueTopic("ingest-it-retry-dlq");
        kafka.createTopics(TopicSpec.of(in, 1), TopicSpec.of(valid, 1), TopicSpec.of(dlq, 1));
        // a registry of this test's own, so that it can be stopped and started again with the same ids
        final SchemaRegistryServer.Settings registrySettings = SchemaRegistryServer.Settings.defaults(kafka.bootstrapServers())
            .withTopic(kafka.uniqueTopic("_schemas-ingest-it")).withPort(0);
        final Interaction event = event(1, "u1", T0);
        final byte[] value;
        final int port;
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(registrySettings);
             SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            value = serde.serializer().serialize(in, event);
            port = registry.port();
        }
        final Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(in, utf8("u1"), value)).get();
        }

        final Map<String, Object> settings = appSettings(kafka, in, valid, dlq, stateDir);
        settings.put("schema.registry.url", "http://127.0.0.1:" + port);
        settings.put("max.retries", "0");
        // the dead thread's consumer does not leave the group: its replacement waits for the session to expire
        settings.put("consumer.session.timeout.ms", "6000");
        settings.put("consumer.heartbeat.interval.ms", "1000");
        try (IngestApp app = new IngestApp(settings, CLOCK)) {
            app.start();
            WaitUntil.waitUntil(TIMEOUT, "a stream thread failed on the unreachable registry",
                () -> clientMetric(app, "failed-stream-threads") >= 1);

            try (SchemaRegistryServer restarted = SchemaRegistryServer.start(registrySettings.withPort(port))) {
                final List<ConsumerRecord<byte[], byte[]>> accepted = kafka.records().readAtLeast(valid, 1,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer(), TIMEOUT);
                assertThat(accepted).hasSize(1);
                assertThat(accepted.get(0).value()).isEqualTo(value);
                assertThat(kafka.records().readToEnd(dlq, TIMEOUT)).as("nothing dead-lettered").isEmpty();
                assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(restarted.port()).isEqualTo(port);
            }
        }
    }

    private static double clientMetric(final IngestApp app, final String name) {
        return app.metrics().entrySet().stream()
            .filter(e -> e.getKey().group().equals("stream-metrics") && e.getKey().name().equals(name))
            .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void startFailsNamingTheTopicsThatDoNotExist(final SharedKafka kafka, @TempDir final Path stateDir) {
        final String in = kafka.createTopic("ingest-it-only-input", 1);
        final String valid = kafka.uniqueTopic("ingest-it-missing-valid");
        final String dlq = kafka.uniqueTopic("ingest-it-missing-dlq");
        try (IngestApp app = new IngestApp(appSettings(kafka, in, valid, dlq, stateDir), CLOCK)) {
            assertThatThrownBy(app::start).isInstanceOf(DistillException.class)
                .hasMessageContaining(valid).hasMessageContaining(dlq).hasMessageNotContaining("[" + in);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }
}
