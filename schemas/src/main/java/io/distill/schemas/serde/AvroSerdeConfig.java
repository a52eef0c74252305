package io.distill.schemas.serde;

import io.distill.schemas.registry.SchemaRegistryClientConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Typed configuration of the Avro serializers and deserializers: the registry client keys of
 * {@link SchemaRegistryClientConfig} plus the serde keys below, all with Confluent's names, so a properties
 * file written for Confluent's {@code KafkaAvroSerializer} configures ours the same way.
 */
public final class AvroSerdeConfig extends SchemaRegistryClientConfig {

    /** Register the record's schema when the serializer first meets it (default true). */
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    /** Serialize with the id of the subject's latest version instead of registering (default false). */
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    /** Deserialize into generated SpecificRecord classes, found by the writer schema's full name (default false). */
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    /** Subject name strategy for keys (default TopicNameStrategy: {@code <topic>-key}). */
    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    /** Subject name strategy for values (default TopicNameStrategy: {@code <topic>-value}). */
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";

    private static final String DEFAULT_STRATEGY = SubjectNameStrategy.BuiltIn.TOPIC_NAME.configName();
    private static final ConfigDef CONFIG = addClientDefinitions(new ConfigDef())
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under its subject when the serializer first meets it; when false "
                            + "the schema must already be registered.")
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Serialize with the id of the subject's latest version (looked up once and cached), which must "
                            + "encode like the record's own schema; nothing is registered.")
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Deserialize into generated SpecificRecord classes found by the writer schema's full name, "
                            + "instead of GenericRecord.")
            .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, DEFAULT_STRATEGY, strategyValidator(),
                    Importance.LOW, "Subject name strategy for keys: TopicNameStrategy, RecordNameStrategy, "
                            + "TopicRecordNameStrategy (Confluent's class names are accepted too), or a class "
                            + "implementing " + SubjectNameStrategy.class.getName() + ".")
            .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, DEFAULT_STRATEGY, strategyValidator(),
                    Importance.LOW, "Subject name strategy for values; same choices as for keys.");

    public AvroSerdeConfig(final Map<String, ?> originals) {
        super(CONFIG, classNamesAsStrings(originals));
    }

    /** The definition of every serde key, for documentation and tools. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** {@link #AUTO_REGISTER_SCHEMAS_CONFIG}. */
    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    /** {@link #USE_LATEST_VERSION_CONFIG}. */
    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    /** {@link #SPECIFIC_AVRO_READER_CONFIG}. */
    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
    }

    /** The key or value subject name strategy. */
    public SubjectNameStrategy subjectNameStrategy(final boolean isKey) {
        final String key = isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG;
        return SubjectNameStrategy.forName(key, getString(key));
    }

    private static ConfigDef.Validator strategyValidator() {
        return (name, value) -> {
            if (value != null) {
                SubjectNameStrategy.forName(name, value.toString());
            }
        };
    }

    /** Kafka lets class-valued settings be given as Class objects; the strategy keys take names. */
    private static Map<String, Object> classNamesAsStrings(final Map<String, ?> originals) {
        final Map<String, Object> copy = new HashMap<>(originals);
        for (final String key : new String[] {KEY_SUBJECT_NAME_STRATEGY_CONFIG, VALUE_SUBJECT_NAME_STRATEGY_CONFIG}) {
            if (copy.get(key) instanceof Class<?> type) {
                copy.put(key, type.getName());
            }
        }
        return copy;
    }
}
