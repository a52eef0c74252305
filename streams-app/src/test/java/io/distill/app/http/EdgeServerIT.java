package io.distill.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.avro.Recommendation;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The edge against a real broker and registry: a compacted recommendations topic served over HTTP. */
@ExtendWith(LocalKafkaExtension.class)
class EdgeServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private static Map<String, Object> edgeSettings(final SharedKafka kafka, final String topic, final Path stateDir) {
        final Map<String, Object> props = new HashMap<>(kafka.clientConfig());
        props.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
        props.put(TopicNames.RECOMMENDATIONS, topic);
        props.put(EdgeConfig.APPLICATION_ID, kafka.uniqueTopic("edge-it-app"));
        props.put(EdgeConfig.HTTP_PORT, "0");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private HttpResponse<String> get(final URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(final HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void servesTheLatestRecommendationsPerUserWithHealthAndMetrics(final SharedKafka kafka, @TempDir final Path stateDir)
        throws Exception {
        final String topic = kafka.uniqueTopic("edge-it-recommendations");
        kafka.createTopics(TopicSpec.compacted(topic, 2));
        final Map<String, Object> registry = Map.of("schema.registry.url", kafka.schemaRegistryUrl().toString());
        final Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        final Map<String, Object> transactional = new HashMap<>(producerConfig);
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueTopic("edge-it-tx"));

        try (SpecificAvroSerde<Recommendation> serde = new SpecificAvroSerde<>(Recommendation.class)) {
            serde.configure(registry, false);
            try (KafkaProducer<String, Recommendation> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                serde.serializer())) {
                for (final Recommendation recommendation : List.of(
                    Recommendations.of("u1", "mf-1", "e1", "item-a", "item-b", "item-c"),
                    Recommendations.of("u2", "mf-1", "e2", "item-d"),
                    Recommendations.of("user with spaces/and slash", "mf-1", "e3", "item-e"),
                    Recommendations.of("u1", "mf-2", "e4", "item-x", "item-y"))) {
                    producer.send(new ProducerRecord<>(topic, recommendation.getUserId(), recommendation)).get();
                }
            }
            // the student writes in transactions: an aborted list must never be served
            try (KafkaProducer<String, Recommendation> producer = new KafkaProducer<>(transactional, new StringSerializer(),
                serde.serializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "u-aborted", Recommendations.of("u-aborted", "mf-1", "e5", "item-q"))).get();
                producer.abortTransaction();
            }

            try (EdgeApp edge = new EdgeApp(edgeSettings(kafka, topic, stateDir))) {
                edge.start();
                final URI base = edge.url();
                assertThat(edge.server().address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                WaitUntil.waitUntil(TIMEOUT, "the edge reports UP on /health", () -> get(base.resolve("/health")).statusCode() == 200);
                assertThat(edge.state()).isEqualTo(KafkaStreams.State.RUNNING);

                final HttpResponse<String> health = get(base.resolve("/health"));
                assertThat(json(health).get("status").asText()).isEqualTo("UP");
                assertThat(json(health).at("/components/recommendations/state").asText()).isEqualTo("RUNNING");

                final HttpResponse<String> u1 = get(base.resolve("/users/u1/recommendations"));
                assertThat(u1.statusCode()).isEqualTo(200);
                assertThat(u1.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
                final JsonNode latest = json(u1);
                assertThat(latest.get("userId").asText()).isEqualTo("u1");
                assertThat(latest.get("modelVersion").asText()).isEqualTo("mf-2");
                assertThat(latest.get("sourceEventId").asText()).isEqualTo("e4");
                assertThat(latest.get("items").findValuesAsText("itemId")).containsExactly("item-x", "item-y");
                assertThat(latest.at("/items/0/score").floatValue()).isEqualTo(0.5f);
                assertThat(latest.get("eventTimestamp").asText()).isEqualTo(Recommendations.EVENT_TIME.toString());
                assertThat(latest.get("generatedAt").asText()).isEqualTo(Recommendations.GENERATED_AT.toString());

                assertThat(json(get(base.resolve("/users/u1/recommendations?n=1"))).get("items").findValuesAsText("itemId"))
                    .containsExactly("item-x");
                final HttpResponse<String> encoded = get(base.resolve("/users/user%20with%20spaces%2Fand%20slash/recommendations"));
                assertThat(encoded.statusCode()).isEqualTo(200);
                assertThat(json(encoded).get("userId").asText()).isEqualTo("user with spaces/and slash");

                final HttpResponse<String> unknown = get(base.resolve("/users/nobody/recommendations"));
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(json(unknown).get("error").asText()).isEqualTo("no recommendations for user 'nobody'");
                assertThat(get(base.resolve("/users/u-aborted/recommendations")).statusCode()).as("aborted list").isEqualTo(404);

                // a list published while the edge runs is served without a restart
                try (KafkaProducer<String, Recommendation> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    serde.serializer())) {
                    producer.send(new ProducerRecord<>(topic, "u2", Recommendations.of("u2", "mf-3", "e6", "item-new"))).get();
                }
                final JsonNode updated = WaitUntil.waitForValue(TIMEOUT, "u2's new list is served", () -> {
                    final HttpResponse<String> response = get(base.resolve("/users/u2/recommendations"));
                    return response.body().contains("\"mf-3\"") ? Optional.of(response.body()) : Optional.<String>empty();
                }).transform(body -> {
                    try {
                        return JSON.readTree(body);
                    } catch (final IOException e) {
                        throw new AssertionError(e);
                    }
                });
                assertThat(updated.get("items").findValuesAsText("itemId")).containsExactly("item-new");

                final HttpResponse<String> metrics = get(base.resolve("/metrics"));
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
                final ExpositionFormat.Parsed parsed = ExpositionFormat.parse(metrics.body());
                assertThat(parsed.samples()).anySatisfy(s -> assertThat(s.name()).startsWith("kafka_"));
                assertThat(parsed.samples()).anySatisfy(s -> {
                    assertThat(s.name()).startsWith("kafka_");
                    assertThat(s.labels().getOrDefault("client_id", "")).startsWith(edge.config().applicationId());
                });
                assertThat(parsed.named("jvm_memory_used_bytes")).hasSize(2);
                assertThat(parsed.named("jvm_threads_current")).hasSize(1);
                assertThat(parsed.named("process_uptime_seconds")).hasSize(1);
                assertThat(parsed.named(EdgeRoutes.REQUESTS_TOTAL)).anySatisfy(s -> {
                    assertThat(s.labels()).containsEntry("endpoint", "recommendations").containsEntry("code", "200");
                    assertThat(s.value()).isGreaterThanOrEqualTo(4);
                });

                edge.close();
                assertThat(edge.awaitTermination(Duration.ZERO)).isTrue();
                assertThat(edge.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            }
        }
    }

    @Test
    void startFailsNamingAMissingTopic(final SharedKafka kafka, @TempDir final Path stateDir) {
        final String topic = kafka.uniqueTopic("edge-it-missing");
        try (EdgeApp edge = new EdgeApp(edgeSettings(kafka, topic, stateDir))) {
            assertThatThrownBy(edge::start).isInstanceOf(DistillException.class).hasMessageContaining(topic);
            assertThat(edge.state()).isEqualTo(KafkaStreams.State.CREATED);
        }
    }
}
