package io.distill.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill.runtime.metrics.ExpositionFormat.Parsed;
import io.distill.runtime.metrics.ExpositionFormat.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

class PrometheusRegistryTest {

    /** A Kafka metric with a fixed value. */
    private record FixedMetric(MetricName metricName, Object metricValue) implements Metric {
    }

    private static Map<MetricName, Metric> kafkaMetrics(final Object... nameAndValue) {
        final Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        for (int i = 0; i < nameAndValue.length; i += 2) {
            final MetricName name = (MetricName) nameAndValue[i];
            metrics.put(name, new FixedMetric(name, nameAndValue[i + 1]));
        }
        return metrics;
    }

    private static MetricName name(final String name, final String group, final String description, final String... tags) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            map.put(tags[i], tags[i + 1]);
        }
        return new MetricName(name, group, description, map);
    }

    @Test
    void kafkaMetricsAreNamedLabelledTypedAndGroupedByFamily() {
        final Map<MetricName, Metric> metrics = kafkaMetrics(
            name("process-total", "stream-thread-metrics", "The total number of processed records", "thread-id", "t-1"), 12.0,
            name("commit-latency-avg", "stream-thread-metrics", "The average commit latency", "thread-id", "t-1"), Double.NaN,
            name("process-total", "stream-thread-metrics", "The total number of processed records", "thread-id", "t-2"), 3.0,
            name("version", "app-info", "Metric indicating version", "client-id", "c"), "4.3.1",
            name("records-lag-max", "consumer-fetch-manager-metrics", "", "client-id", "c"), Double.NEGATIVE_INFINITY,
            name("weird", "grp", "line1\nline2 \\ back \"q\"", "client-id", "a\"b\\c\nd", "topic", "t.1"), 1.5);
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.addKafkaMetrics(() -> metrics);

        assertThat(registry.scrape()).isEqualTo("""
            # HELP kafka_stream_thread_metrics_process_total The total number of processed records
            # TYPE kafka_stream_thread_metrics_process_total counter
            kafka_stream_thread_metrics_process_total{thread_id="t-1"} 12
            kafka_stream_thread_metrics_process_total{thread_id="t-2"} 3
            # HELP kafka_stream_thread_metrics_commit_latency_avg The average commit latency
            # TYPE kafka_stream_thread_metrics_commit_latency_avg gauge
            kafka_stream_thread_metrics_commit_latency_avg{thread_id="t-1"} NaN
            # TYPE kafka_consumer_fetch_manager_metrics_records_lag_max gauge
            kafka_consumer_fetch_manager_metrics_records_lag_max{client_id="c"} -Inf
            # HELP kafka_grp_weird line1\\nline2 \\\\ back "q"
            # TYPE kafka_grp_weird gauge
            kafka_grp_weird{client_id="a\\"b\\\\c\\nd",topic="t.1"} 1.5
            """);
        final Parsed parsed = ExpositionFormat.parse(registry.scrape());
        assertThat(parsed.named("kafka_grp_weird")).singleElement()
            .satisfies(s -> assertThat(s.labels()).containsEntry("client_id", "a\"b\\c\nd"));
        assertThat(parsed.help()).containsEntry("kafka_grp_weird", "line1\nline2 \\ back \"q\"");
    }

    @Test
    void realKafkaSensorsAreReadOnEveryScrape() {
        try (Metrics metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM)) {
            final PrometheusRegistry registry = new PrometheusRegistry();
            registry.addKafkaMetrics(metrics::metrics);
            final Sensor accepted = metrics.sensor("accepted");
            accepted.add(metrics.metricName("accepted-total", "distill-ingest-metrics", "Records accepted", Map.of("task-id", "0_0")),
                new CumulativeCount());
            accepted.add(metrics.metricName("latency-avg", "distill-ingest-metrics", "Average latency", Map.of("task-id", "0_0")),
                new Avg());

            final Parsed before = ExpositionFormat.parse(registry.scrape());
            assertThat(before.types()).containsEntry("kafka_distill_ingest_metrics_accepted_total", "counter")
                .containsEntry("kafka_distill_ingest_metrics_latency_avg", "gauge");
            assertThat(before.named("kafka_distill_ingest_metrics_accepted_total")).singleElement()
                .isEqualTo(new Sample("kafka_distill_ingest_metrics_accepted_total", Map.of("task_id", "0_0"), 0));
            assertThat(before.named("kafka_distill_ingest_metrics_latency_avg").get(0).value()).isNaN();

            accepted.record(2.0);
            accepted.record(4.0);
            final Parsed after = ExpositionFormat.parse(registry.scrape());
            assertThat(after.named("kafka_distill_ingest_metrics_accepted_total").get(0).value()).isEqualTo(2);
            assertThat(after.named("kafka_distill_ingest_metrics_latency_avg").get(0).value()).isEqualTo(3);
        }
    }

    @Test
    void namedGaugesAndCountersAreWrittenWithTheirLabels() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final Counter labelled = registry.counter("distill_teacher_events_labelled_total", "Soft labels produced.");
        registry.gauge("distill_model_items", "Items the model scores.", Map.of("model", "teacher"), () -> 42);
        registry.gauge("distill_model_items", "Items the model scores.", Map.of("model", "student"), () -> 40);
        registry.counter("distill_teacher_refits_total", "Refits completed.", () -> 7);
        labelled.inc();
        labelled.inc(2);

        assertThat(registry.scrape()).isEqualTo("""
            # HELP distill_teacher_events_labelled_total Soft labels produced.
            # TYPE distill_teacher_events_labelled_total counter
            distill_teacher_events_labelled_total 3
            # HELP distill_model_items Items the model scores.
            # TYPE distill_model_items gauge
            distill_model_items{model="teacher"} 42
            distill_model_items{model="student"} 40
            # HELP distill_teacher_refits_total Refits completed.
            # TYPE distill_teacher_refits_total counter
            distill_teacher_refits_total 7
            """);
        assertThat(labelled.value()).isEqualTo(3);
    }

    @Test
    void registeringByNameRefusesWhatWouldNotParseOrWouldCollide() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.gauge("distill_lag", "Lag.", Map.of("partition", "0"), () -> 1);

        assertThatThrownBy(() -> registry.gauge("distill-lag", "", () -> 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distill-lag");
        assertThatThrownBy(() -> registry.counter("distill_events", "no suffix"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_total");
        assertThatThrownBy(() -> registry.gauge("distill_lag", "Lag.", Map.of("partition", "0"), () -> 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> registry.gauge("distill_x", "", Map.of("bad-label", "v"), () -> 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad-label");
        registry.counter("distill_things_total", "Things.");
        assertThatThrownBy(() -> registry.gauge("distill_things_total", "Things.", Map.of("a", "b"), () -> 2))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered as a counter");
        assertThatThrownBy(() -> registry.counter("distill_things_total", "Things.").inc(-1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingARegistrationRemovesItsMetricsAndFreesTheName() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final MetricsRegistration gauge = registry.gauge("distill_lag", "Lag.", () -> 1);
        final Counter counter = registry.counter("distill_events_total", "Events.");
        final MetricsRegistration kafka = registry.addKafkaMetrics(
            () -> kafkaMetrics(name("poll-total", "consumer-metrics", "Polls", "client-id", "c"), 5.0));
        assertThat(ExpositionFormat.parse(registry.scrape()).samples()).hasSize(3);

        gauge.close();
        gauge.close();
        counter.close();
        kafka.close();

        assertThat(registry.scrape()).isEmpty();
        registry.counter("distill_lag_total", "Now a counter.", () -> 2);
        registry.gauge("distill_lag", "Lag again.", () -> 3);
        assertThat(ExpositionFormat.parse(registry.scrape()).named("distill_lag")).singleElement()
            .extracting(Sample::value).isEqualTo(3.0);
    }

    @Test
    void aSeriesReportedTwiceIsWrittenOnceAndATypeConflictIsDropped() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final MetricName poll = name("poll-total", "consumer-metrics", "Polls", "client-id", "c");
        registry.addKafkaMetrics(() -> kafkaMetrics(poll, 5.0));
        registry.addKafkaMetrics(() -> kafkaMetrics(poll, 9.0, name("poll-total", "consumer-metrics", "Polls", "client-id", "d"), 1.0));
        registry.add(sink -> sink.sample("kafka_consumer_metrics_poll_total", MetricType.GAUGE, "", Map.of("client_id", "e"), 1));

        final Parsed parsed = ExpositionFormat.parse(registry.scrape());
        assertThat(parsed.named("kafka_consumer_metrics_poll_total")).containsExactly(
            new Sample("kafka_consumer_metrics_poll_total", Map.of("client_id", "c"), 5),
            new Sample("kafka_consumer_metrics_poll_total", Map.of("client_id", "d"), 1));
    }

    @Test
    void aFailingSourceDoesNotHideTheOthersAndInvalidSamplesAreDropped() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.gauge("distill_before", "", () -> 1);
        registry.add(sink -> {
            throw new IllegalStateException("broken");
        });
        registry.add(sink -> {
            sink.sample("bad name", MetricType.GAUGE, "", Map.of(), 1);
            sink.sample("distill_bad_label", MetricType.GAUGE, "", Map.of("__reserved", "x"), 1);
        });
        registry.addKafkaMetrics(() -> {
            throw new IllegalStateException("client closed");
        });
        registry.gauge("distill_after", "", () -> 2);

        assertThat(registry.scrape()).isEqualTo("""
            # TYPE distill_before gauge
            distill_before 1
            # TYPE distill_after gauge
            distill_after 2
            """);
    }

    @Test
    void kafkaMetricsCanBeFiltered() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.addKafkaMetrics(() -> kafkaMetrics(
                name("poll-total", "consumer-metrics", "Polls", "client-id", "c"), 5.0,
                name("count", "kafka-metrics-count", "Metrics", "client-id", "c"), 80.0),
            name -> !name.group().equals("kafka-metrics-count"));

        assertThat(ExpositionFormat.parse(registry.scrape()).samples()).extracting(Sample::name)
            .containsExactly("kafka_consumer_metrics_poll_total");
    }

    @Test
    void jvmMetricsReportHeapGcThreadsAndUptime() {
        final Parsed parsed = ExpositionFormat.parse(PrometheusRegistry.withJvmMetrics().scrape());

        assertThat(parsed.named("jvm_memory_used_bytes")).extracting(s -> s.labels().get("area"))
            .containsExactlyInAnyOrder("heap", "nonheap");
        assertThat(parsed.named("jvm_memory_used_bytes").get(0).value()).isPositive();
        assertThat(parsed.named("jvm_memory_max_bytes")).hasSize(2);
        assertThat(parsed.types()).containsEntry("jvm_gc_collections_total", "counter")
            .containsEntry("jvm_gc_collection_seconds_total", "counter")
            .containsEntry("jvm_threads_current", "gauge")
            .containsEntry("process_uptime_seconds", "gauge");
        assertThat(parsed.named("jvm_gc_collections_total")).isNotEmpty()
            .allSatisfy(s -> assertThat(s.labels()).containsKey("gc"));
        assertThat(parsed.named("jvm_threads_current").get(0).value()).isGreaterThanOrEqualTo(1);
        assertThat(parsed.named("process_uptime_seconds").get(0).value()).isNotNegative();
        assertThat(parsed.named("process_start_time_seconds").get(0).value())
            .isCloseTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3, within(1e-3));
        assertThat(parsed.named("jvm_info")).singleElement()
            .satisfies(s -> assertThat(s.labels()).containsEntry("version", System.getProperty("java.runtime.version")));
    }
}
