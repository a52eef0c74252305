package io.distill.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.runtime.metrics.PrometheusRegistry;
import java.util.Map;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class JmxClientMetricsTest {
    @Test
    void aClientsJmxBeansAreScrapedUnderTheNamesItsOwnMetricsWouldHave() {
        // a producer registers its beans when built; it connects to nothing until it sends
        final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
            ProducerConfig.CLIENT_ID_CONFIG, "jmx-test-teacher-0-producer");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
             KafkaProducer<String, String> other = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                 "127.0.0.1:1", ProducerConfig.CLIENT_ID_CONFIG, "someone-else"), new StringSerializer(), new StringSerializer())) {
            final PrometheusRegistry registry = new PrometheusRegistry();
            registry.add(new JmxClientMetrics(clientId -> clientId.contains("jmx-test-teacher-0")));

            final String scrape = registry.scrape();

            assertThat(scrape).contains("# TYPE kafka_producer_metrics_record_send_total counter")
                .contains("kafka_producer_metrics_record_send_total{client_id=\"jmx-test-teacher-0-producer\"} 0")
                .contains("# TYPE kafka_producer_metrics_buffer_available_bytes gauge")
                .doesNotContain("someone-else");
            assertThat(producer.metrics()).isNotEmpty();
            assertThat(other.metrics()).isNotEmpty();
        }
    }

    @Test
    void labelsKeepTheBeanNamesOrderWithoutTheType() throws Exception {
        final ObjectName name = new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=c-1,topic=t,partition=0");

        assertThat(JmxClientMetrics.labels(name)).containsExactly(Map.entry("client_id", "c-1"), Map.entry("topic", "t"),
            Map.entry("partition", "0"));
    }
}
