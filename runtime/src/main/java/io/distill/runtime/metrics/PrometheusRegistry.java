package io.distill.runtime.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one process, written in the Prometheus text format 0.0.4 by {@link #scrape()} (served by
 * {@link MetricsServer}, or by the edge's {@code /metrics}). A process adds sources, one line each:
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.withJvmMetrics();        // heap, GC, threads, uptime
 * registry.addKafkaMetrics(streams::metrics);                               // KafkaStreams, or a consumer/producer
 * registry.counter("distill_teacher_events_labelled_total", "Soft labels produced.", bean::getEventsLabelled);
 * registry.gauge("distill_teacher_model_items", "Items the current model scores.", bean::getItems);
 * Counter refits = registry.counter("distill_teacher_refits_total", "Teacher refits completed.");  // refits.inc()
 * MetricsServer server = MetricsServer.start(new MetricsConfig(props), registry);  // metrics.port=-1: serves nothing
 * }</pre>
 *
 * <p>Every scrape reads every source afresh, in the order they were added. Samples are grouped by metric name
 * under one {@code # HELP} and {@code # TYPE} header, whichever source reported them; a series (name and labels)
 * reported twice is written once (the first), and a sample whose type disagrees with its family's is dropped,
 * so the output always parses. Metrics registered by name ({@link #gauge}, {@link #counter}) are checked when
 * registered instead: invalid names, counters not named {@code ..._total}, and a name+labels registered twice
 * are refused. Thread-safe.
 */
public final class PrometheusRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusRegistry.class);
    private static final String TOTAL_SUFFIX = "_total";

    private final CopyOnWriteArrayList<Registered> sources = new CopyOnWriteArrayList<>();
    // name+labels -> type of the metrics registered by name, to refuse duplicates and type conflicts up front
    private final Set<String> namedSeries = new HashSet<>();
    private final Map<String, NamedFamily> namedFamilies = new HashMap<>();

    /** The type of a family registered by name, and how many of its series are registered. */
    private record NamedFamily(MetricType type, int series) {
    }

    /** A source and whether its failure was already logged at WARN (later ones go to DEBUG). */
    private record Registered(MetricSource source, AtomicBoolean warned) {
    }

    /** An empty registry. */
    public PrometheusRegistry() {
    }

    /** A registry with {@link JvmMetrics} added. */
    public static PrometheusRegistry withJvmMetrics() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.addJvmMetrics();
        return registry;
    }

    /** Adds a source, read on every scrape after the ones already added. */
    public MetricsRegistration add(final MetricSource source) {
        final Registered entry = new Registered(Objects.requireNonNull(source, "source"), new AtomicBoolean());
        sources.add(entry);
        return () -> sources.remove(entry);
    }

    /**
     * Adds the metrics of a Kafka client or Kafka Streams, e.g. {@code addKafkaMetrics(streams::metrics)}; see
     * {@link KafkaMetricsSource} for the names.
     */
    public MetricsRegistration addKafkaMetrics(final Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        return add(new KafkaMetricsSource(metrics));
    }

    /** Adds the metrics of a Kafka client or Kafka Streams that pass {@code filter}. */
    public MetricsRegistration addKafkaMetrics(final Supplier<? extends Map<MetricName, ? extends Metric>> metrics,
                                               final Predicate<? super MetricName> filter) {
        return add(new KafkaMetricsSource(metrics, filter));
    }

    /** Adds {@link JvmMetrics}. */
    public MetricsRegistration addJvmMetrics() {
        return add(new JvmMetrics());
    }

    /**
     * Adds a gauge read on every scrape.
     *
     * @throws IllegalArgumentException for an invalid name, or a name already registered as a counter or with
     *     the same labels
     */
    public MetricsRegistration gauge(final String name, final String help, final DoubleSupplier value) {
        return gauge(name, help, Map.of(), value);
    }

    /** Adds a gauge with labels, e.g. one per model: {@code gauge(name, help, Map.of("model", "student"), fn)}. */
    public MetricsRegistration gauge(final String name, final String help, final Map<String, String> labels,
                                     final DoubleSupplier value) {
        return named(name, MetricType.GAUGE, help, labels, value);
    }

    /**
     * Adds a counter whose total is kept elsewhere (an MXBean getter, an {@code AtomicLong}) and read on every
     * scrape; the supplier must never go down (except when the process restarts).
     *
     * @throws IllegalArgumentException for an invalid name, a name not ending in {@code _total}, or a name already
     *     registered as a gauge or with the same labels
     */
    public MetricsRegistration counter(final String name, final String help, final DoubleSupplier total) {
        return counter(name, help, Map.of(), total);
    }

    /** A counter with labels whose total is kept elsewhere; see {@link #counter(String, String, DoubleSupplier)}. */
    public MetricsRegistration counter(final String name, final String help, final Map<String, String> labels,
                                       final DoubleSupplier total) {
        return named(name, MetricType.COUNTER, help, labels, total);
    }

    /**
     * Creates and registers a counter kept by this registry; call {@link Counter#inc()} on it.
     *
     * @throws IllegalArgumentException as {@link #counter(String, String, DoubleSupplier)}
     */
    public Counter counter(final String name, final String help) {
        return counter(name, help, Map.of());
    }

    /** Creates and registers a counter with labels; see {@link #counter(String, String)}. */
    public Counter counter(final String name, final String help, final Map<String, String> labels) {
        final Counter counter = new Counter();
        counter.registeredAs(named(name, MetricType.COUNTER, help, labels, counter::value));
        return counter;
    }

    /** The current metrics of every source, in the Prometheus text format 0.0.4 (UTF-8 when sent). */
    public String scrape() {
        final FamilyWriter writer = new FamilyWriter();
        for (final Registered entry : sources) {
            try {
                entry.source().collect(writer);
            } catch (final RuntimeException e) {
                // a broken source must not hide the others; samples it reported before failing are kept
                if (entry.warned().compareAndSet(false, true)) {
                    LOG.warn("Metric source {} failed; its metrics are incomplete in this and later scrapes that fail: {}",
                        entry.source(), e.toString());
                } else {
                    LOG.debug("Metric source {} failed again", entry.source(), e);
                }
            }
        }
        return writer.text();
    }

    private MetricsRegistration named(final String name, final MetricType type, final String help,
                                      final Map<String, String> labels, final DoubleSupplier value) {
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(value, "value");
        if (!PrometheusText.isValidMetricName(name)) {
            throw new IllegalArgumentException("invalid metric name '" + name + "': use [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        if (type == MetricType.COUNTER && !name.endsWith(TOTAL_SUFFIX)) {
            throw new IllegalArgumentException("counter '" + name + "' must be named ..." + TOTAL_SUFFIX);
        }
        final Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        for (final Map.Entry<String, String> label : copy.entrySet()) {
            if (!PrometheusText.isValidLabelName(label.getKey())) {
                throw new IllegalArgumentException("metric '" + name + "': invalid label name '" + label.getKey()
                    + "': use [a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
            }
            Objects.requireNonNull(label.getValue(), () -> "metric '" + name + "': label '" + label.getKey() + "' has no value");
        }
        final String key = name + new TreeMap<>(copy);
        synchronized (namedSeries) {
            final NamedFamily family = namedFamilies.get(name);
            if (family != null && family.type() != type) {
                throw new IllegalArgumentException("metric '" + name + "' is already registered as a " + family.type().text());
            }
            if (!namedSeries.add(key)) {
                throw new IllegalArgumentException("metric '" + name + "' with labels " + copy + " is already registered");
            }
            namedFamilies.put(name, new NamedFamily(type, family == null ? 1 : family.series() + 1));
        }
        final MetricsRegistration source = add(new NamedMetric(name, type, help, copy, value));
        final AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                source.close();
                synchronized (namedSeries) {
                    namedSeries.remove(key);
                    namedFamilies.computeIfPresent(name, (n, f) -> f.series() == 1 ? null : new NamedFamily(f.type(), f.series() - 1));
                }
            }
        };
    }

    /** One metric registered by name. */
    private record NamedMetric(String name, MetricType type, String help, Map<String, String> labels, DoubleSupplier value)
        implements MetricSource {
        @Override
        public void collect(final MetricSink sink) {
            sink.sample(name, type, help, labels, value.getAsDouble());
        }

        @Override
        public String toString() {
            return name + labels;
        }
    }

    /** Groups one scrape's samples into families and writes them. */
    private static final class FamilyWriter implements MetricSink {
        private final Map<String, Family> families = new LinkedHashMap<>();
        private final Set<String> series = new HashSet<>();
        private final StringBuilder line = new StringBuilder(160);

        @Override
        public void sample(final String name, final MetricType type, final String help, final Map<String, String> labels,
                           final double value) {
            if (!PrometheusText.isValidMetricName(name) || type == null) {
                LOG.debug("Dropping a sample with an invalid metric name '{}'", name);
                return;
            }
            line.setLength(0);
            line.append(name);
            if (!labels.isEmpty()) {
                line.append('{');
                boolean first = true;
                for (final Map.Entry<String, String> label : labels.entrySet()) {
                    if (!PrometheusText.isValidLabelName(label.getKey())) {
                        LOG.debug("Dropping a sample of {} with an invalid label name '{}'", name, label.getKey());
                        return;
                    }
                    if (!first) {
                        line.append(',');
                    }
                    first = false;
                    line.append(label.getKey()).append("=\"");
                    PrometheusText.appendLabelValue(line, label.getValue() == null ? "" : label.getValue());
                    line.append('"');
                }
                line.append('}');
            }
            Family family = families.get(name);
            if (family == null) {
                family = new Family(type);
                families.put(name, family);
            } else if (family.type != type) {
                LOG.debug("Dropping a {} sample of {}, already a {}", type.text(), name, family.type.text());
                return;
            }
            if (!series.add(line.toString())) {
                return;
            }
            if (family.help == null && help != null && !help.isEmpty()) {
                family.help = help;
            }
            family.samples.append(line).append(' ');
            PrometheusText.appendValue(family.samples, value);
            family.samples.append('\n');
        }

        String text() {
            int size = 0;
            for (final Family family : families.values()) {
                size += family.samples.length() + 64;
            }
            final StringBuilder out = new StringBuilder(size);
            for (final Map.Entry<String, Family> entry : families.entrySet()) {
                final Family family = entry.getValue();
                if (family.help != null) {
                    out.append("# HELP ").append(entry.getKey()).append(' ');
                    PrometheusText.appendHelp(out, family.help);
                    out.append('\n');
                }
                out.append("# TYPE ").append(entry.getKey()).append(' ').append(family.type.text()).append('\n');
                out.append(family.samples);
            }
            return out.toString();
        }
    }

    /** The samples of one metric name, as text. */
    private static final class Family {
        private final MetricType type;
        private final StringBuilder samples = new StringBuilder(128);
        private String help;

        Family(final MetricType type) {
            this.type = type;
        }
    }
}
