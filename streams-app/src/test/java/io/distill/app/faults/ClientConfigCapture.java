package io.distill.app.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A Kafka {@link MetricsReporter} that only remembers the configuration it is given. Every Kafka client (producer,
 * consumer, admin, Kafka Streams itself) instantiates the classes of {@code metric.reporters} and configures them with
 * its own effective settings plus its {@code client.id}, so listing this class in {@code metric.reporters} shows what
 * each client the workers build actually received. Public with a public constructor because Kafka creates it by
 * reflection.
 */
public final class ClientConfigCapture implements MetricsReporter {
    private static final List<Map<String, String>> CAPTURED = new CopyOnWriteArrayList<>();

    public ClientConfigCapture() {
        // created by the Kafka clients
    }

    /** The configurations seen so far in this JVM, values as strings (passwords revealed). */
    static List<Map<String, String>> captured() {
        return List.copyOf(CAPTURED);
    }

    static void clear() {
        CAPTURED.clear();
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        final Map<String, String> copy = new HashMap<>();
        configs.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value instanceof Password password ? password.value() : String.valueOf(value));
            }
        });
        CAPTURED.add(Map.copyOf(copy));
    }

    @Override
    public void init(final List<KafkaMetric> metrics) {
        // only the configuration is of interest
    }

    @Override
    public void metricChange(final KafkaMetric metric) {
        // only the configuration is of interest
    }

    @Override
    public void metricRemoval(final KafkaMetric metric) {
        // only the configuration is of interest
    }

    @Override
    public void close() {
        // nothing held
    }
}
