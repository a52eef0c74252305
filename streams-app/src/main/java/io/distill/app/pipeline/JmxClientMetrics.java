package io.distill.app.pipeline;

import io.distill.runtime.metrics.KafkaMetricsSource;
import io.distill.runtime.metrics.MetricSink;
import io.distill.runtime.metrics.MetricSource;
import io.distill.runtime.metrics.MetricType;
import io.distill.runtime.metrics.PrometheusText;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The metrics of Kafka consumers and producers that this JVM's code cannot reach directly (the teacher worker keeps
 * its clients to itself), read from the JMX beans every Kafka client registers ({@code metric.reporters} includes
 * Kafka's {@code JmxReporter} by default). Named exactly as {@link KafkaMetricsSource} names the same metric read
 * from {@code client.metrics()}: bean {@code kafka.consumer:type=<group>,client-id=<id>,...} and attribute
 * {@code <name>} become {@code kafka_<group>_<name>} with the remaining key properties as labels, in bean order.
 *
 * <p>Only the clients whose {@code client-id} passes the filter are read; beans that disappear during a scrape are
 * skipped.
 */
final class JmxClientMetrics implements MetricSource {
    private static final List<String> DOMAINS = List.of("kafka.consumer", "kafka.producer");
    private static final String TYPE = "type";
    private static final String CLIENT_ID = "client-id";

    private final MBeanServer server;
    private final Predicate<String> clientIds;

    /** Reads the platform MBean server's client beans whose client id passes {@code clientIds}. */
    JmxClientMetrics(final Predicate<String> clientIds) {
        this(ManagementFactory.getPlatformMBeanServer(), clientIds);
    }

    JmxClientMetrics(final MBeanServer server, final Predicate<String> clientIds) {
        this.server = Objects.requireNonNull(server, "server");
        this.clientIds = Objects.requireNonNull(clientIds, "clientIds");
    }

    @Override
    public void collect(final MetricSink sink) {
        for (final String domain : DOMAINS) {
            final Set<ObjectName> names;
            try {
                names = server.queryNames(new ObjectName(domain + ":*"), null);
            } catch (final JMException e) {
                continue;
            }
            for (final ObjectName name : names) {
                final String clientId = unquote(name.getKeyProperty(CLIENT_ID));
                final String group = unquote(name.getKeyProperty(TYPE));
                if (clientId != null && group != null && clientIds.test(clientId)) {
                    collect(sink, name, group);
                }
            }
        }
    }

    private void collect(final MetricSink sink, final ObjectName name, final String group) {
        final MBeanInfo info;
        final List<Attribute> values;
        try {
            info = server.getMBeanInfo(name);
            final MBeanAttributeInfo[] attributes = info.getAttributes();
            final String[] attributeNames = new String[attributes.length];
            for (int i = 0; i < attributes.length; i++) {
                attributeNames[i] = attributes[i].getName();
            }
            values = server.getAttributes(name, attributeNames).asList();
        } catch (final JMException e) {
            // the client closed between the query and the read
            return;
        }
        final Map<String, String> labels = labels(name);
        final Map<String, String> descriptions = new LinkedHashMap<>();
        for (final MBeanAttributeInfo attribute : info.getAttributes()) {
            descriptions.put(attribute.getName(), attribute.getDescription());
        }
        for (final Attribute attribute : values) {
            if (attribute.getValue() instanceof Number number) {
                final String metric = attribute.getName();
                final String prometheusName = PrometheusText.sanitizeMetricName(KafkaMetricsSource.PREFIX + group + "_" + metric);
                final MetricType type = metric.endsWith("-total") ? MetricType.COUNTER : MetricType.GAUGE;
                sink.sample(prometheusName, type, descriptions.getOrDefault(metric, ""), labels, number.doubleValue());
            }
        }
    }

    /** Every key property but {@code type}, in the bean name's order, names sanitised and values unquoted. */
    static Map<String, String> labels(final ObjectName name) {
        final String order = name.getKeyPropertyListString();
        final List<Map.Entry<String, String>> properties = new ArrayList<>(name.getKeyPropertyList().entrySet());
        properties.sort(Comparator.comparingInt(property -> order.indexOf(property.getKey() + "=")));
        final Map<String, String> labels = new LinkedHashMap<>();
        for (final Map.Entry<String, String> property : properties) {
            if (!TYPE.equals(property.getKey())) {
                labels.putIfAbsent(PrometheusText.sanitizeLabelName(property.getKey()), unquote(property.getValue()));
            }
        }
        return labels;
    }

    private static String unquote(final String value) {
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return ObjectName.unquote(value);
        }
        return value;
    }
}
