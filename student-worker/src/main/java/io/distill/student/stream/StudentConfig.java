package io.distill.student.stream;

import io.distill.schemas.topics.TopicNames;
import io.distill.student.StudentSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The student worker's settings ({@code student.*} keys plus the topic names), parsed and validated
 * once; an invalid value fails start-up with a {@link org.apache.kafka.common.config.ConfigException}
 * naming the key. Kafka Streams settings are not here: they pass through untouched.
 */
public final class StudentConfig {
    public static final String APPLICATION_ID = "student.application.id";
    public static final String DIMENSION = "student.dimension";
    public static final String HISTORY_LENGTH = "student.history.length";
    public static final String HISTORY_HALF_LIFE = "student.history.half.life";
    public static final String USER_FACTORS = "student.user.factors";
    public static final String LEARNING_RATE = "student.learning.rate";
    public static final String ALPHA = "student.alpha";
    public static final String TEMPERATURE = "student.temperature";
    public static final String L2 = "student.l2";
    public static final String INIT_STD = "student.init.std";
    public static final String ADAGRAD_INITIAL = "student.adagrad.initial";
    public static final String HARD_ONLY = "student.hard.only";
    public static final String SAMPLED_NEGATIVES = "student.sampled.negatives";
    public static final String TOP_N = "student.top.n";
    public static final String EXCLUDE_SEEN = "student.exclude.seen";
    public static final String SEED = "student.seed";
    public static final String METRICS_WINDOW_EVENTS = "student.metrics.window.events";
    public static final String METRICS_FLUSH_MS = "student.metrics.flush.ms";

    private static final StudentSettings D = StudentSettings.DEFAULT;

    public static final ConfigDef CONFIG = TopicNames.define(new ConfigDef())
        .define(APPLICATION_ID, Type.STRING, "distill-student", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Kafka Streams application.id of the student: names its consumer group, state directory and changelog topics.")
        .define(DIMENSION, Type.INT, D.dimension(), Range.between(1, 1024), Importance.HIGH, "Latent factors per user and item.")
        .define(HISTORY_LENGTH, Type.INT, D.historyLength(), Range.between(0, 10_000), Importance.MEDIUM,
            "Recent items whose context factors make up the user representation; 0 = plain matrix factorisation.")
        .define(HISTORY_HALF_LIFE, Type.DOUBLE, (double) D.historyHalfLife(), Range.atLeast(0.0), Importance.MEDIUM,
            "A recent item's weight in the user representation halves for every this-many newer items; 0 = equal weights.")
        .define(USER_FACTORS, Type.BOOLEAN, D.userFactors(), Importance.LOW, "Learn free per-user factors on top of the history part.")
        .define(LEARNING_RATE, Type.DOUBLE, (double) D.learningRate(), Range.atLeast(1e-9), Importance.HIGH, "Adagrad base step.")
        .define(ALPHA, Type.DOUBLE, (double) D.alpha(), Range.between(0.0, 1.0), Importance.HIGH,
            "Weight of the soft (teacher) term of the loss; 1 - alpha weighs the hard label.")
        .define(TEMPERATURE, Type.DOUBLE, (double) D.temperature(), Range.atLeast(0.0), Importance.MEDIUM,
            "Distillation temperature; 0 uses the temperature written by the teacher in each soft label.")
        .define(L2, Type.DOUBLE, (double) D.l2(), Range.atLeast(0.0), Importance.LOW, "L2 penalty on the factors an update touches.")
        .define(INIT_STD, Type.DOUBLE, (double) D.initStd(), Range.atLeast(0.0), Importance.LOW, "Standard deviation of initial factors.")
        .define(ADAGRAD_INITIAL, Type.DOUBLE, (double) D.adagradInitial(), Range.atLeast(1e-12), Importance.LOW,
            "Initial Adagrad accumulator.")
        .define(HARD_ONLY, Type.BOOLEAN, D.hardOnly(), Importance.LOW,
            "Ignore the teacher: train on the hard positive against sampled negatives (the baseline).")
        .define(SAMPLED_NEGATIVES, Type.INT, D.sampledNegatives(), Range.atLeast(1), Importance.LOW,
            "Negatives the student samples itself in hard-only mode.")
        .define(TOP_N, Type.INT, D.topN(), Range.between(1, 10_000), Importance.MEDIUM, "Recommendations published per update.")
        .define(EXCLUDE_SEEN, Type.BOOLEAN, D.excludeSeen(), Importance.MEDIUM,
            "Never recommend items the user already interacted with.")
        .define(SEED, Type.LONG, D.seed(), Importance.LOW, "Seed of initial factors and sampled negatives.")
        .define(METRICS_WINDOW_EVENTS, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
            "Events per distill-metrics record, per task.")
        .define(METRICS_FLUSH_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
            "Publish a partly filled metrics window once it has been open this long (wall time), so a quiet stream still"
                + " reports; 0 = only full windows. Window boundaries then depend on timing; the sums over windows do not.");

    private final String applicationId;
    private final StudentSettings settings;
    private final TopicNames topics;
    private final int metricsWindowEvents;
    private final Duration metricsFlush;

    public StudentConfig(final Map<?, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG, props, false);
        this.applicationId = config.getString(APPLICATION_ID);
        final boolean hardOnly = config.getBoolean(HARD_ONLY);
        this.settings = StudentSettings.builder().dimension(config.getInt(DIMENSION)).historyLength(config.getInt(HISTORY_LENGTH))
            .historyHalfLife(floatOf(config, HISTORY_HALF_LIFE)).userFactors(config.getBoolean(USER_FACTORS))
            .learningRate(floatOf(config, LEARNING_RATE)).alpha(hardOnly ? 0f : floatOf(config, ALPHA))
            .temperature(floatOf(config, TEMPERATURE)).l2(floatOf(config, L2)).initStd(floatOf(config, INIT_STD))
            .adagradInitial(floatOf(config, ADAGRAD_INITIAL)).hardOnly(hardOnly).sampledNegatives(config.getInt(SAMPLED_NEGATIVES))
            .topN(config.getInt(TOP_N)).excludeSeen(config.getBoolean(EXCLUDE_SEEN)).seed(config.getLong(SEED)).build();
        this.topics = TopicNames.from(props);
        this.metricsWindowEvents = config.getInt(METRICS_WINDOW_EVENTS);
        this.metricsFlush = Duration.ofMillis(config.getLong(METRICS_FLUSH_MS));
    }

    private static float floatOf(final AbstractConfig config, final String key) {
        return (float) (double) config.getDouble(key);
    }

    public String applicationId() {
        return applicationId;
    }

    public StudentSettings settings() {
        return settings;
    }

    public TopicNames topics() {
        return topics;
    }

    /** How long a partly filled metrics window may stay open before it is published; ZERO = never. */
    public Duration metricsFlush() {
        return metricsFlush;
    }

    public int metricsWindowEvents() {
        return metricsWindowEvents;
    }
}
