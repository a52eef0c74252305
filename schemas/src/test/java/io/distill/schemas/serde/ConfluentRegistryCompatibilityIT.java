package io.distill.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.RestSchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Our client and serde against the real Confluent Schema Registry (and a real Kafka), in containers. Skipped
 * (not failed) where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentRegistryCompatibilityIT {
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
            .withNetwork(NETWORK)
            .withNetworkAliases("kafka")
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> REGISTRY =
            new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0"))
                    .withNetwork(NETWORK)
                    .withExposedPorts(8081)
                    .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                    .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                    .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                    .dependsOn(KAFKA)
                    .waitingFor(Wait.forHttp("/subjects").forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(3)));

    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"User","namespace":"it","fields":[{"name":"id","type":"string"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"User","namespace":"it","fields":[{"name":"id","type":"string"},
             {"name":"age","type":["null","int"],"default":null}]}""");
    private static final Schema INCOMPATIBLE = new Schema.Parser().parse("""
            {"type":"record","name":"User","namespace":"it","fields":[{"name":"id","type":"string"},
             {"name":"age","type":"int"}]}""");

    private static RestSchemaRegistryClient client;

    @BeforeAll
    static void connect() {
        client = new RestSchemaRegistryClient(Map.of("schema.registry.url", registryUrl()));
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void ourClientSpeaksToConfluentsRegistry() {
        final String subject = "it-users-" + UUID.randomUUID() + "-value";
        final int v1 = client.register(subject, V1);
        final int v2 = client.register(subject, V2);

        try (RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(Map.of("schema.registry.url",
                registryUrl()))) {
            assertThat(fresh.register(subject, V1)).isEqualTo(v1);
            assertThat(fresh.register("it-other-" + UUID.randomUUID() + "-value", V1)).isEqualTo(v1);
            assertThat(fresh.getId(subject, V1)).isEqualTo(v1);
            assertThat(fresh.getSchemaById(v2)).isEqualTo(V2);
            assertThat(fresh.getAllVersions(subject)).containsExactly(1, 2);
            assertThat(fresh.getLatestSchemaMetadata(subject).id()).isEqualTo(v2);
            assertThat(fresh.getSchemaMetadata(subject, 1).schema()).isEqualTo(V1);
            assertThat(fresh.getAllSubjects()).contains(subject);
            assertThat(fresh.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);

            assertThat(fresh.testCompatibility(subject, INCOMPATIBLE)).isFalse();
            assertThat(fresh.testCompatibilityVerbose(subject, INCOMPATIBLE).messages()).isNotEmpty();
            assertThatThrownBy(() -> fresh.register(subject, INCOMPATIBLE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.is(RegistryError.INCOMPATIBLE_SCHEMA)).isTrue();
                    });
            assertThatThrownBy(() -> fresh.getSchemaById(987_654))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.is(RegistryError.SCHEMA_NOT_FOUND)).isTrue());

            assertThat(fresh.updateCompatibility(subject, CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
            assertThat(fresh.register(subject, INCOMPATIBLE)).isGreaterThan(v2);
            assertThat(fresh.deleteSubject(subject)).containsExactly(1, 2, 3);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void ourSerdeRoundTripsEveryContractThroughConfluentsRegistryAndKafka() {
        final List<SpecificRecord> records = AvroSerdeTest.everyContract().limit(4).toList();
        final String run = UUID.randomUUID().toString();
        final Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl());
        final List<String> topics = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (final SpecificRecord record : records) {
                final String topic = "it-" + record.getSchema().getName() + "-" + run;
                topics.add(topic);
                try (SpecificAvroSerde serde = new SpecificAvroSerde(record.getClass())) {
                    serde.configure(serdeConfig, false);
                    producer.send(new ProducerRecord<>(topic, "k", serde.serializer().serialize(topic, record)));
                }
            }
            producer.flush();
        }

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
             GenericAvroSerde generic = new GenericAvroSerde(client)) {
            consumer.subscribe(topics);
            final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < records.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            assertThat(received).hasSize(records.size());

            for (int i = 0; i < records.size(); i++) {
                final SpecificRecord expected = records.get(i);
                final String topic = topics.get(i);
                final byte[] bytes = received.stream().filter(r -> r.topic().equals(topic)).findFirst()
                        .orElseThrow().value();
                final int registeredId = client.getLatestSchemaMetadata(topic + "-value").id();

                assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
                assertThat(ConfluentWireFormat.schemaId(topic, bytes)).isEqualTo(registeredId);
                try (SpecificAvroSerde serde = new SpecificAvroSerde(expected.getClass(), client)) {
                    assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(expected);
                }
                final GenericRecord asGeneric = generic.deserializer().deserialize(topic, bytes);
                assertThat(asGeneric.getSchema().getFullName()).isEqualTo(expected.getSchema().getFullName());
            }
        }
    }

    private static String registryUrl() {
        return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    }
}
