package io.distill.stack;

import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test fixtures other modules use: the shared broker, its extension, and the collector. */
@ExtendWith(LocalKafkaExtension.class)
class SharedKafkaIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void theExtensionInjectsTheOneSharedBroker(final SharedKafka kafka) {
        assertThat(kafka).isSameAs(SharedKafka.get());
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(kafka.uniqueTopic("same prefix")).startsWith("same-prefix-")
            .isNotEqualTo(kafka.uniqueTopic("same prefix"));
    }

    @Test
    void theSharedSchemaRegistryAnswers(final SharedKafka kafka) throws Exception {
        assertThat(kafka.schemaRegistryUrl().getHost()).isEqualTo("127.0.0.1");
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(kafka.schemaRegistryUrl().resolve("/subjects")).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
    }

    @Test
    void readAtLeastWaitsForRecordsProducedLater(final SharedKafka kafka) throws Exception {
        final String topic = kafka.createTopic("collector", 3);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
            new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, null, T0 + i, "user-" + (i % 3), "e" + i)).get();
            }
        }
        final List<ConsumerRecord<String, String>> records = kafka.records()
            .readAtLeast(topic, 6, new StringDeserializer(), new StringDeserializer(), TIMEOUT);
        assertThat(records).hasSize(6);
        // Same key, same partition, in order.
        assertThat(records.stream().filter(r -> r.key().equals("user-1")).map(ConsumerRecord::value))
            .containsExactly("e1", "e4");
        assertThat(kafka.records().readToEnd(kafka.createTopic("empty", 1), TIMEOUT)).isEmpty();
    }

    @Test
    void waitUntilReturnsOnceTheConditionHoldsAndFailsClearlyOtherwise() {
        final AtomicInteger calls = new AtomicInteger();
        waitUntil(TIMEOUT, "the third call", () -> calls.incrementAndGet() >= 3);
        assertThat(calls).hasValue(3);
        assertThat(WaitUntil.waitForValue(TIMEOUT, "a value", () -> Optional.of("x"))).isEqualTo("x");
        assertThatThrownBy(() -> waitUntil(Duration.ofMillis(50), "pigs fly", () -> false))
            .isInstanceOf(AssertionError.class).hasMessage("Timed out after PT0.05S waiting until pigs fly");
    }
}
