package io.distill.app.ingest;

import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.ValidationLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The ingest's own settings ({@code ingest.*}, {@code validation.*} and the {@code topic.*} names), parsed and
 * validated once: an invalid value fails with a {@link ConfigException} naming the key. Kafka Streams, client and
 * schema-registry settings are not here; they pass through untouched ({@link io.distill.runtime.ClientSettings}).
 * Unknown keys are ignored, so one configuration file can serve every distill process. Immutable.
 */
public final class IngestConfig {
    /** Kafka Streams {@code application.id} of the ingest (consumer group, state directory, changelog prefix). */
    public static final String APPLICATION_ID = "ingest.application.id";
    /** How far apart, in event time, two events with the same eventId may be for the second to be a duplicate. */
    public static final String DEDUP_WINDOW_MS = "ingest.dedup.window.ms";
    /** Longest eventId, userId or itemId accepted, in characters. */
    public static final String MAX_ID_LENGTH = "validation.max.id.length";
    /** Most context entries accepted. */
    public static final String MAX_CONTEXT_ENTRIES = "validation.max.context.entries";
    /** Most characters over all context keys and values. */
    public static final String MAX_CONTEXT_CHARS = "validation.max.context.chars";
    /** Earliest event time accepted, an ISO-8601 instant. */
    public static final String MIN_TIMESTAMP = "validation.min.timestamp";
    /** How far past the ingest's clock an event time may be. */
    public static final String MAX_FUTURE_SKEW_MS = "validation.max.future.skew.ms";

    public static final String DEFAULT_APPLICATION_ID = "distill-ingest";
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);
    /** Longest de-duplication window accepted: the store keeps every eventId seen within it. */
    public static final Duration MAX_DEDUP_WINDOW = Duration.ofDays(365);

    /** Largest future skew accepted. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(365);

    private static final ValidationLimits D = ValidationLimits.DEFAULT;

    /** Every key of the ingest, with type, default, validator and documentation. */
    public static final ConfigDef CONFIG = TopicNames.define(new ConfigDef())
        .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH, "Kafka Streams application.id of the ingest: names its consumer group, state directory and the "
                + "changelog topic of its de-duplication store.")
        .define(DEDUP_WINDOW_MS, Type.LONG, DEFAULT_DEDUP_WINDOW.toMillis(), Range.between(1, MAX_DEDUP_WINDOW.toMillis()),
            Importance.MEDIUM, "De-duplication window, in event time: an event whose eventId was already accepted from the same "
                + "input partition with an event time at most this far away is a duplicate. EventIds are remembered for this "
                + "long behind the newest event time the partition has seen.")
        .define(MAX_ID_LENGTH, Type.INT, D.maxIdLength(), Range.atLeast(1), Importance.LOW,
            "Longest eventId, userId or itemId accepted, in characters.")
        .define(MAX_CONTEXT_ENTRIES, Type.INT, D.maxContextEntries(), Range.atLeast(0), Importance.LOW,
            "Most entries accepted in an interaction's context map.")
        .define(MAX_CONTEXT_CHARS, Type.INT, D.maxContextChars(), Range.atLeast(0), Importance.LOW,
            "Most characters accepted over all keys and values of an interaction's context map.")
        .define(MIN_TIMESTAMP, Type.STRING, D.minTimestamp().toString(), new InstantValidator(), Importance.LOW,
            "Earliest event time accepted, as an ISO-8601 instant (e.g. 2000-01-01T00:00:00Z).")
        .define(MAX_FUTURE_SKEW_MS, Type.LONG, D.maxFutureSkew().toMillis(), Range.between(0, MAX_FUTURE_SKEW.toMillis()), Importance.LOW,
            "How far ahead of the ingest's clock an event time may be (producer clocks drift).");

    private final String applicationId;
    private final Duration dedupWindow;
    private final ValidationLimits validationLimits;
    private final TopicNames topics;

    /**
     * @param props the process's configuration (unknown keys ignored)
     * @throws ConfigException naming the key of the first invalid value
     */
    public IngestConfig(final Map<?, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG, props, false);
        this.applicationId = config.getString(APPLICATION_ID);
        this.dedupWindow = Duration.ofMillis(config.getLong(DEDUP_WINDOW_MS));
        this.validationLimits = new ValidationLimits(config.getInt(MAX_ID_LENGTH), config.getInt(MAX_CONTEXT_ENTRIES),
            config.getInt(MAX_CONTEXT_CHARS), Instant.parse(config.getString(MIN_TIMESTAMP)),
            Duration.ofMillis(config.getLong(MAX_FUTURE_SKEW_MS)));
        this.topics = TopicNames.from(props);
    }

    /** The configuration with every key at its default. */
    public static IngestConfig defaults() {
        return new IngestConfig(Map.of());
    }

    public String applicationId() {
        return applicationId;
    }

    /** The de-duplication window in event time; also the retention of the {@code ingest-dedup} store. */
    public Duration dedupWindow() {
        return dedupWindow;
    }

    public ValidationLimits validationLimits() {
        return validationLimits;
    }

    public TopicNames topics() {
        return topics;
    }

    /** Accepts an ISO-8601 instant such as {@code 2000-01-01T00:00:00Z}. */
    private static final class InstantValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "an ISO-8601 instant such as 2000-01-01T00:00:00Z is required");
            }
            try {
                Instant.parse(value.toString().strip());
            } catch (final DateTimeParseException e) {
                throw new ConfigException(name, value, "not an ISO-8601 instant such as 2000-01-01T00:00:00Z");
            }
        }

        @Override
        public String toString() {
            return "an ISO-8601 instant, e.g. 2000-01-01T00:00:00Z";
        }
    }
}
