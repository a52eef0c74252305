package io.distill.runtime.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Exposes the metrics of a Kafka client, Kafka Streams or anything else that reports
 * {@code Map<MetricName, ? extends Metric>} ({@code KafkaStreams::metrics}, {@code KafkaConsumer::metrics},
 * {@code KafkaProducer::metrics}), read afresh on every scrape so that metrics added later (new tasks, sensors
 * registered by processors) appear and removed ones disappear.
 *
 * <ul>
 *   <li>name: {@code kafka_<group>_<name>}, sanitised ({@code stream-thread-metrics} / {@code process-total}
 *       is {@code kafka_stream_thread_metrics_process_total});</li>
 *   <li>labels: the tags, names sanitised ({@code client-id} is {@code client_id}), values escaped;</li>
 *   <li>type: {@code counter} for names ending in {@code -total} (Kafka's cumulative sums and counts),
 *       {@code gauge} otherwise; help: the metric's description;</li>
 *   <li>only numeric values: string-valued metrics ({@code version}, {@code commit-id}, Streams'
 *       {@code state}) are left out; NaN (e.g. an average over no samples) is written as {@code NaN}.</li>
 * </ul>
 */
public final class KafkaMetricsSource implements MetricSource {
    /** Prefix of every metric name this source writes. */
    public static final String PREFIX = "kafka_";
    private static final String TOTAL_SUFFIX = "-total";

    private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    private final Predicate<? super MetricName> filter;

    /**
     * @param metrics read on every scrape; may return an empty map (e.g. before the client starts)
     * @param filter  which metrics to expose
     */
    public KafkaMetricsSource(final Supplier<? extends Map<MetricName, ? extends Metric>> metrics,
                              final Predicate<? super MetricName> filter) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Every metric {@code metrics} reports. */
    public KafkaMetricsSource(final Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        this(metrics, name -> true);
    }

    /** The Prometheus name of a Kafka metric: {@code kafka_<group>_<name>}, sanitised. */
    public static String prometheusName(final MetricName name) {
        return PrometheusText.sanitizeMetricName(PREFIX + name.group() + "_" + name.name());
    }

    /** {@link MetricType#COUNTER} for a name ending in {@code -total}, {@link MetricType#GAUGE} otherwise. */
    public static MetricType typeOf(final MetricName name) {
        return name.name().endsWith(TOTAL_SUFFIX) ? MetricType.COUNTER : MetricType.GAUGE;
    }

    @Override
    public void collect(final MetricSink sink) {
        final Map<MetricName, ? extends Metric> current = metrics.get();
        if (current == null) {
            return;
        }
        for (final Map.Entry<MetricName, ? extends Metric> entry : current.entrySet()) {
            final MetricName name = entry.getKey();
            if (!filter.test(name)) {
                continue;
            }
            // a gauge of another thread's state may throw or hold a non-number; neither stops the scrape
            final Object value;
            try {
                value = entry.getValue().metricValue();
            } catch (final RuntimeException e) {
                continue;
            }
            if (value instanceof Number number) {
                sink.sample(prometheusName(name), typeOf(name), name.description(), labels(name.tags()), number.doubleValue());
            }
        }
    }

    private static Map<String, String> labels(final Map<String, String> tags) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        final Map<String, String> labels = new LinkedHashMap<>(tags.size() * 2);
        for (final Map.Entry<String, String> tag : tags.entrySet()) {
            labels.putIfAbsent(PrometheusText.sanitizeLabelName(tag.getKey()), tag.getValue() == null ? "" : tag.getValue());
        }
        return labels;
    }
}
