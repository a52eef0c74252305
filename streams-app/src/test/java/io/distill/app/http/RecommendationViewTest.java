package io.distill.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Recommendation;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class RecommendationViewTest {
    private static final String TOPIC = "recs";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void theTopologyIsAGlobalTableInTheNamedStore() {
        final TopologyDescription description = RecommendationView.buildTopology(TOPIC).describe();

        assertThat(description.subtopologies()).isEmpty();
        assertThat(description.globalStores()).singleElement().satisfies(store -> {
            assertThat(store.source().topicSet()).containsExactly(TOPIC);
            assertThat(store.source().name()).isEqualTo(RecommendationView.TABLE_NAME + "-source");
            assertThat(store.processor().name()).isEqualTo(RecommendationView.TABLE_NAME);
            assertThat(store.processor().stores()).containsExactly(RecommendationView.STORE_NAME);
        });
    }

    @Test
    void theStoreKeepsTheLatestValueBytesPerUserAndTombstonesDelete() {
        final Topology topology = RecommendationView.buildTopology(TOPIC);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "edge-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, T0);
             SpecificAvroSerde<Recommendation> serde = new SpecificAvroSerde<>(Recommendation.class)) {
            serde.configure(Map.of("schema.registry.url", "mock://edge-view-test"), false);
            final TestInputTopic<String, byte[]> input = driver.createInputTopic(TOPIC, new StringSerializer(), new ByteArraySerializer());
            final byte[] first = serde.serializer().serialize(TOPIC, Recommendations.of("u1", "mf-1", "e1", "a", "b"));
            final byte[] second = serde.serializer().serialize(TOPIC, Recommendations.of("u1", "mf-2", "e2", "c"));
            final byte[] other = serde.serializer().serialize(TOPIC, Recommendations.of("u2", "mf-1", "e3", "d"));

            input.pipeInput("u1", first, T0);
            input.pipeInput("u2", other, T0.plusSeconds(1));
            input.pipeInput("u1", second, T0.plusSeconds(2));
            final KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecommendationView.STORE_NAME);

            assertThat(store.get("u1")).isEqualTo(second);
            assertThat(serde.deserializer().deserialize(TOPIC, store.get("u1")).getModelVersion()).isEqualTo("mf-2");
            assertThat(store.get("u2")).isEqualTo(other);
            assertThat(store.get("u3")).isNull();

            input.pipeInput("u2", null, T0.plusSeconds(3));
            assertThat(store.get("u2")).isNull();
        }
    }

    @Test
    void aViewIsBuiltFromTheSettingsWithoutConnecting() {
        try (RecommendationView view = new RecommendationView(Map.of("bootstrap.servers", "127.0.0.1:1",
            "schema.registry.url", "mock://edge-view-test", "topic.recommendations", "recs-x"))) {
            assertThat(view.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(view.metrics()).isEmpty();
            assertThat(view.lookup("u1")).isEqualTo(new RecommendationStore.Unavailable("the recommendation view is not started"));
            assertThat(view.health()).isEqualTo(ComponentHealth.down("CREATED", "the recommendation view is not started"));
            assertThat(view.config().topics().recommendations()).isEqualTo("recs-x");
        }
    }

    @Test
    void aMissingRegistryUrlFailsNamingTheKey() {
        assertThatThrownBy(() -> new RecommendationView(Map.of("bootstrap.servers", "127.0.0.1:1")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }
}
