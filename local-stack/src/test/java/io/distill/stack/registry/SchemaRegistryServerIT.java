package io.distill.stack.registry;

import static io.distill.stack.registry.RegistryHttpApiTest.BREAKING;
import static io.distill.stack.registry.RegistryHttpApiTest.V1;
import static io.distill.stack.registry.RegistryHttpApiTest.V2;
import static io.distill.stack.registry.RegistryHttpApiTest.assertError;
import static io.distill.stack.registry.RegistryHttpApiTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Candidate;
import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.ModelQuality;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.RestSchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.serde.GenericAvroSerde;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.stack.LocalStackException;
import io.distill.stack.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The registry server over a real Kafka broker: persistence in the schemas topic, restarts, and our serde. */
class SchemaRegistryServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String VND = "application/vnd.schemaregistry.v1+json";
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private final SharedKafka kafka = SharedKafka.get();

    @Test
    void stateSurvivesARestartOverTheSameTopic() throws Exception {
        final String topic = kafka.uniqueTopic("_schemas");
        final SchemaRegistryServer.Settings settings =
                SchemaRegistryServer.Settings.defaults(kafka.bootstrapServers()).withPort(0).withTopic(topic);
        final int v1;
        final int v2;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(settings);
             RestSchemaRegistryClient client = client(server)) {
            final RawHttp http = new RawHttp(server.url());

            v1 = client.register("users-value", parse(V1));
            assertThat(http.post("/subjects/users-value/versions", VND, RawHttp.schemaBody(V1)).body())
                    .isEqualTo("{\"id\":" + v1 + "}");
            assertThat(http.post("/subjects/other-value/versions", "application/json", RawHttp.schemaBody(V1)).body())
                    .isEqualTo("{\"id\":" + v1 + "}");
            v2 = client.register("users-value", parse(V2));
            assertThat(v2).isEqualTo(v1 + 1);
            assertThat(client.getAllVersions("users-value")).containsExactly(1, 2);

            assertError(http.post("/subjects/users-value/versions", VND, RawHttp.schemaBody(BREAKING)), 409, 409,
                    "incompatible with an earlier schema for subject \"users-value\"");
            assertThatThrownBy(() -> client.register("users-value", parse(BREAKING)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.is(RegistryError.INCOMPATIBLE_SCHEMA)).isTrue());

            assertThat(http.put("/config/other-value", VND, "{\"compatibility\":\"NONE\"}").status()).isEqualTo(200);
            assertThat(http.put("/config", VND, "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
            assertThat(http.delete("/subjects/other-value").body()).isEqualTo("[1]");
        }

        assertTopicLayout(topic);
        final List<ConsumerRecord<byte[], byte[]>> log = kafka.records().readToEnd(topic, TIMEOUT);
        assertThat(text(log.get(0).key()))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":1,\"magic\":1}");
        assertThat(text(log.get(0).value())).startsWith("{\"subject\":\"users-value\",\"version\":1,\"id\":" + v1
                + ",\"schema\":").endsWith(",\"deleted\":false}");

        // a record as another (Confluent) registry would have written it while ours was down
        writeRaw(topic, "{\"keytype\":\"SCHEMA\",\"subject\":\"external-value\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"external-value\",\"version\":1,\"id\":100,\"schemaType\":\"AVRO\","
                        + "\"schema\":\"\\\"string\\\"\",\"deleted\":false}");

        try (SchemaRegistryServer restarted = SchemaRegistryServer.start(settings);
             RestSchemaRegistryClient client = client(restarted)) {
            final RawHttp http = new RawHttp(restarted.url());

            assertThat(client.getAllSubjects()).containsExactly("external-value", "users-value");
            assertThat(http.get("/subjects?deleted=true").body())
                    .isEqualTo("[\"external-value\",\"other-value\",\"users-value\"]");
            assertThat(client.getSchemaMetadata("users-value", 1).id()).isEqualTo(v1);
            assertThat(client.getLatestSchemaMetadata("users-value").id()).isEqualTo(v2);
            assertThat(client.getId("users-value", parse(V2))).isEqualTo(v2);
            assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
            assertThat(http.get("/config/other-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
            assertThat(http.get("/schemas/ids/100").body()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");

            assertThat(client.register("third-value", parse(V1))).as("same schema, same id").isEqualTo(v1);
            assertThat(client.register("fourth-value", parse(BREAKING))).as("ids are never reused").isEqualTo(101);
            assertThat(http.post("/subjects/users-value/versions", VND, RawHttp.schemaBody(V1)).body())
                    .isEqualTo("{\"id\":" + v1 + "}");
        }
    }

    @Test
    void everyContractRoundTripsThroughTheServerAndKafka() {
        final SchemaRegistryServer.Settings settings = SchemaRegistryServer.Settings
                .defaults(kafka.bootstrapServers()).withPort(0).withTopic(kafka.uniqueTopic("_schemas"));
        try (SchemaRegistryServer server = SchemaRegistryServer.start(settings);
             RestSchemaRegistryClient client = client(server);
             GenericAvroSerde generic = new GenericAvroSerde(client);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (final SpecificRecord record : contracts()) {
                final String topic = kafka.createTopic("contract-" + record.getSchema().getName(), 1);
                final byte[] written;
                try (SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>()) {
                    serde.configure(Map.of("schema.registry.url", server.url().toString()), false);
                    written = serde.serializer().serialize(topic, record);
                    producer.send(new ProducerRecord<>(topic, "u1", written)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                    final byte[] read = kafka.records().readToEnd(topic, TIMEOUT).get(0).value();
                    final int id = client.getLatestSchemaMetadata(topic + "-value").id();

                    assertThat(read).isEqualTo(written);
                    assertThat(read[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
                    assertThat(read).startsWith(ConfluentWireFormat.header(id));
                    assertThat(serde.deserializer().deserialize(topic, read)).isEqualTo(record);
                    final GenericRecord asGeneric = generic.deserializer().deserialize(topic, read);
                    assertThat(asGeneric.getSchema()).isEqualTo(record.getSchema());
                } catch (final Exception e) {
                    throw new AssertionError("round trip of " + record.getSchema().getName() + " failed", e);
                }
            }
            assertThat(client.getAllSubjects()).hasSize(contracts().size());
        }
    }

    @Test
    void anExistingTopicWithAnotherLayoutIsRefused() {
        final String topic = kafka.createTopic("_schemas-wrong", 3);

        assertThatThrownBy(() -> SchemaRegistryServer.start(SchemaRegistryServer.Settings
                .defaults(kafka.bootstrapServers()).withPort(0).withTopic(topic)))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining(topic);
    }

    private static List<SpecificRecord> contracts() {
        return List.of(
                Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
                        .setType(InteractionType.ADD_TO_CART).setTimestamp(T0).setValue(2.0)
                        .setContext(Map.of("page", "home")).build(),
                SoftLabel.newBuilder().setEventId("e1").setUserId("u1").setEventTimestamp(T0).setItemId("i1")
                        .setType(InteractionType.CLICK).setTeacherVersion("ease-1").setTemperature(1.5f)
                        .setCandidates(List.of(new Candidate("i1", 2.0f), new Candidate("i7", -0.5f)))
                        .setTeacherRank(null).setLabelledAt(T0.plusMillis(3)).build(),
                Recommendation.newBuilder().setUserId("u1").setItems(List.of(new ScoredItem("i2", 0.75f)))
                        .setModelVersion("student-1").setSourceEventId("e1").setEventTimestamp(T0)
                        .setGeneratedAt(T0.plusMillis(4)).build(),
                DistillMetrics.newBuilder().setWorker("student").setTask("0_0").setWindow(0).setWindowStart(T0)
                        .setWindowEnd(T0.plusSeconds(1)).setEvents(10).setLossSum(3.25)
                        .setStudent(new ModelQuality(10L, 4L, 2.5, 3.0)).setTeacher(new ModelQuality(10L, 6L, 3.5, 4.0))
                        .setPopularity(new ModelQuality(10L, 1L, 0.5, 0.75)).setAgreementSum(5.0).setLagMsSum(100L)
                        .setLagMsMax(20L).setModelVersion("student-1").setEmittedAt(T0.plusSeconds(2)).build());
    }

    private void assertTopicLayout(final String topic) throws Exception {
        try (Admin admin = kafka.newAdmin()) {
            final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(resource);
            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    private void writeRaw(final String topic, final String key, final String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static RestSchemaRegistryClient client(final SchemaRegistryServer server) {
        return new RestSchemaRegistryClient(Map.of("schema.registry.url", server.url().toString()));
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
