package io.distill.schemas.topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The names of distill's topics, each configurable ({@code topic.<role>}) with the defaults of the
 * design document, plus the partition count and replication factor used when distill creates them.
 */
public record TopicNames(String interactions, String interactionsDlq, String interactionsValid, String softLabels,
                         String recommendations, String metrics, int partitions, short replicationFactor) {

    public static final String INTERACTIONS = "topic.interactions";
    public static final String INTERACTIONS_DLQ = "topic.interactions.dlq";
    public static final String INTERACTIONS_VALID = "topic.interactions.valid";
    public static final String SOFT_LABELS = "topic.soft.labels";
    public static final String RECOMMENDATIONS = "topic.recommendations";
    public static final String METRICS = "topic.metrics";
    public static final String PARTITIONS = "topic.partitions";
    public static final String REPLICATION_FACTOR = "topic.replication.factor";

    public static final TopicNames DEFAULT = new TopicNames("interactions", "interactions-dlq", "interactions-valid", "soft-labels",
        "recommendations", "distill-metrics", 1, (short) 1);

    /** The topic keys, for any config class that embeds them. */
    public static final ConfigDef CONFIG = define(new ConfigDef());

    public TopicNames {
        Objects.requireNonNull(interactions);
        Objects.requireNonNull(interactionsDlq);
        Objects.requireNonNull(interactionsValid);
        Objects.requireNonNull(softLabels);
        Objects.requireNonNull(recommendations);
        Objects.requireNonNull(metrics);
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partitions and replication factor must be >= 1");
        }
    }

    /** Adds the topic keys to {@code def}. */
    public static ConfigDef define(final ConfigDef def) {
        final ConfigDef.Validator name = new ConfigDef.NonEmptyStringWithoutControlChars();
        return def
            .define(INTERACTIONS, ConfigDef.Type.STRING, DEFAULT.interactions, name, ConfigDef.Importance.MEDIUM,
                "Topic producers publish Interaction events to.")
            .define(INTERACTIONS_DLQ, ConfigDef.Type.STRING, DEFAULT.interactionsDlq, name, ConfigDef.Importance.MEDIUM,
                "Dead-letter topic: every rejected input record, original bytes untouched, with reason headers.")
            .define(INTERACTIONS_VALID, ConfigDef.Type.STRING, DEFAULT.interactionsValid, name, ConfigDef.Importance.MEDIUM,
                "Validated, de-duplicated interactions, read by the teacher.")
            .define(SOFT_LABELS, ConfigDef.Type.STRING, DEFAULT.softLabels, name, ConfigDef.Importance.MEDIUM,
                "Teacher soft labels, read by the student; replaying it retrains the student.")
            .define(RECOMMENDATIONS, ConfigDef.Type.STRING, DEFAULT.recommendations, name, ConfigDef.Importance.MEDIUM,
                "Latest recommendations per user (compacted).")
            .define(METRICS, ConfigDef.Type.STRING, DEFAULT.metrics, name, ConfigDef.Importance.LOW,
                "Windowed online metrics of the workers.")
            .define(PARTITIONS, ConfigDef.Type.INT, DEFAULT.partitions, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                "Partitions of the topics distill creates. One partition makes the student's run deterministic.")
            .define(REPLICATION_FACTOR, ConfigDef.Type.SHORT, DEFAULT.replicationFactor, ConfigDef.Range.atLeast(1),
                ConfigDef.Importance.MEDIUM, "Replication factor of the topics distill creates.");
    }

    /** Reads the topic keys from {@code props} (unknown keys ignored), failing with the key named when one is invalid. */
    public static TopicNames from(final Map<?, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG, props, false);
        return new TopicNames(config.getString(INTERACTIONS), config.getString(INTERACTIONS_DLQ), config.getString(INTERACTIONS_VALID),
            config.getString(SOFT_LABELS), config.getString(RECOMMENDATIONS), config.getString(METRICS), config.getInt(PARTITIONS),
            config.getShort(REPLICATION_FACTOR));
    }

    /** Every topic name, in pipeline order. */
    public List<String> all() {
        return List.of(interactions, interactionsDlq, interactionsValid, softLabels, recommendations, metrics);
    }

    /** These names with {@code prefix-} in front of each (a run of its own on a shared cluster); sizes unchanged. */
    public TopicNames prefixed(final String prefix) {
        return new TopicNames(prefix + "-" + interactions, prefix + "-" + interactionsDlq, prefix + "-" + interactionsValid,
            prefix + "-" + softLabels, prefix + "-" + recommendations, prefix + "-" + metrics, partitions, replicationFactor);
    }

    /** The settings that name these six topics, keyed as {@link #from} reads them. */
    public Map<String, String> nameSettings() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put(INTERACTIONS, interactions);
        settings.put(INTERACTIONS_DLQ, interactionsDlq);
        settings.put(INTERACTIONS_VALID, interactionsValid);
        settings.put(SOFT_LABELS, softLabels);
        settings.put(RECOMMENDATIONS, recommendations);
        settings.put(METRICS, metrics);
        return settings;
    }
}
