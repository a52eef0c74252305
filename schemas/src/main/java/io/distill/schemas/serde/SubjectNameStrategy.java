package io.distill.schemas.serde;

import java.lang.reflect.InvocationTargetException;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Chooses the registry subject a record's schema is registered under. Confluent's three strategies are
 * {@link BuiltIn}; a custom one is a public class implementing this interface with a public no-arg constructor.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic  the record's topic
     * @param isKey  whether the record is a key
     * @param schema the record's schema
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /** Confluent's strategies, configured by their simple class names or Confluent's full class names. */
    enum BuiltIn implements SubjectNameStrategy {
        /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
        TOPIC_NAME("TopicNameStrategy") {
            @Override
            public String subjectName(final String topic, final boolean isKey, final Schema schema) {
                return topic + (isKey ? "-key" : "-value");
            }
        },
        /** The record's full name: one lineage per record type, across topics. */
        RECORD_NAME("RecordNameStrategy") {
            @Override
            public String subjectName(final String topic, final boolean isKey, final Schema schema) {
                return recordName(schema);
            }
        },
        /** {@code <topic>-<full record name>}: several record types per topic. */
        TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
            @Override
            public String subjectName(final String topic, final boolean isKey, final Schema schema) {
                return topic + "-" + recordName(schema);
            }
        };

        private final String configName;

        BuiltIn(final String configName) {
            this.configName = configName;
        }

        /** The value that selects this strategy in configuration. */
        public String configName() {
            return configName;
        }

        private static String recordName(final Schema schema) {
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException("record name strategies need a record schema, got "
                        + schema.getType());
            }
            return schema.getFullName();
        }
    }

    /**
     * The strategy a configuration value names: {@code TopicNameStrategy}, {@code RecordNameStrategy},
     * {@code TopicRecordNameStrategy} (optionally with Confluent's package), or a class implementing this
     * interface.
     *
     * @param key   the configuration key, for the error message
     * @param value the configured value
     */
    static SubjectNameStrategy forName(final String key, final String value) {
        final String simpleName = value.substring(value.lastIndexOf('.') + 1);
        for (final BuiltIn strategy : BuiltIn.values()) {
            if (strategy.configName.equals(simpleName)) {
                return strategy;
            }
        }
        try {
            final Class<?> type = Class.forName(value, true, SubjectNameStrategy.class.getClassLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new ConfigException(key, value, "does not implement " + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) type.getConstructor().newInstance();
        } catch (final ClassNotFoundException e) {
            throw new ConfigException(key, value, "not a known subject name strategy (TopicNameStrategy, "
                    + "RecordNameStrategy, TopicRecordNameStrategy) nor a class on the classpath");
        } catch (final NoSuchMethodException | InstantiationException | IllegalAccessException
                       | InvocationTargetException e) {
            throw new ConfigException(key, value, "cannot be instantiated with a public no-arg constructor: " + e);
        }
    }
}
