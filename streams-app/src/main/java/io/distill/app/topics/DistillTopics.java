package io.distill.app.topics;

import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics distill creates and the value schemas it registers for them: one catalogue for {@code distill up},
 * the demo and the tests, so they cannot disagree.
 *
 * <p>Every topic gets {@link TopicNames#partitions()} partitions and {@link TopicNames#replicationFactor()}.
 * {@code recommendations} is compacted (a new reader gets the latest list per user). The other topics keep
 * records forever ({@code retention.ms=-1}): replaying {@code interactions} and {@code soft-labels} is how
 * models are rebuilt, and datasets carry event-time timestamps years in the past, which time-based retention
 * would delete as soon as a segment rolls.
 */
public final class DistillTopics {
    /** Suffix of the value subject of a topic (Confluent's TopicNameStrategy). */
    public static final String VALUE_SUBJECT_SUFFIX = "-value";
    private static final String FOREVER = "-1";

    private DistillTopics() {
    }

    /** The six topics, in pipeline order. */
    public static List<TopicSpec> specs(final TopicNames names) {
        return List.of(
            kept(names, names.interactions()),
            kept(names, names.interactionsDlq()),
            kept(names, names.interactionsValid()),
            kept(names, names.softLabels()),
            base(names, names.recommendations())
                .withConfig(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            kept(names, names.metrics()));
    }

    /**
     * The Avro schema of the values of every topic that holds Avro values, by topic, in pipeline order. The
     * dead-letter topic is absent: it holds rejected records' original bytes, whatever they are.
     */
    public static Map<String, Schema> valueSchemas(final TopicNames names) {
        final Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(names.interactions(), Interaction.getClassSchema());
        schemas.put(names.interactionsValid(), Interaction.getClassSchema());
        schemas.put(names.softLabels(), SoftLabel.getClassSchema());
        schemas.put(names.recommendations(), Recommendation.getClassSchema());
        schemas.put(names.metrics(), DistillMetrics.getClassSchema());
        return schemas;
    }

    /** {@code <topic>-value}. */
    public static String valueSubject(final String topic) {
        return topic + VALUE_SUBJECT_SUFFIX;
    }

    /**
     * Registers every {@link #valueSchemas value schema} under its topic's value subject, so that consumers in any
     * language can read a topic before anything has been written to it. Registering a schema a subject already
     * has is a no-op returning the existing id; the schemas are the generated classes' own, exactly what the
     * serializers register.
     *
     * @return schema id by subject, in pipeline order
     * @throws io.distill.schemas.registry.SchemaRegistryException if the registry refuses a schema (e.g. an
     *     incompatible older version is registered) or cannot be reached
     */
    public static Map<String, Integer> registerValueSchemas(final SchemaRegistryClient client, final TopicNames names) {
        final Map<String, Integer> ids = new LinkedHashMap<>();
        valueSchemas(names).forEach((topic, schema) -> {
            final String subject = valueSubject(topic);
            ids.put(subject, client.register(subject, schema));
        });
        return ids;
    }

    private static TopicSpec base(final TopicNames names, final String topic) {
        return new TopicSpec(topic, names.partitions(), names.replicationFactor(), Map.of());
    }

    private static TopicSpec kept(final TopicNames names, final String topic) {
        return base(names, topic).withConfig(TopicConfig.RETENTION_MS_CONFIG, FOREVER);
    }
}
