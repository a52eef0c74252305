package io.distill.teacher.worker;

import io.distill.ranking.InteractionWeights;
import io.distill.schemas.topics.TopicNames;
import io.distill.teacher.CellTransform;
import io.distill.teacher.TeacherSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the teacher worker: its own {@code teacher.*} keys and the topic names
 * ({@code topic.*}, see {@link TopicNames}). Standard Kafka client settings ({@code bootstrap.servers},
 * security, {@code producer.}/{@code consumer.} prefixes) and the schema-registry keys sit in the same map
 * and are passed through to the clients (see {@link TeacherClients}); they are not defined here.
 *
 * <p>Every value is checked when the config is built; an invalid value fails with a
 * {@link ConfigException} that names its key. The model keys have the defaults of
 * {@link TeacherSettings#DEFAULT}, so {@code new TeacherConfig(Map.of()).teacherSettings()} is that teacher.
 */
public final class TeacherConfig extends AbstractConfig {

    public static final String GROUP_ID = "teacher.group.id";
    private static final String GROUP_ID_DOC = "Consumer group of the teacher workers on the interactions-valid topic. "
        + "Its committed offsets mark the prefix already labelled, from which a restarted worker rebuilds the teacher.";

    public static final String TRANSACTIONAL_ID = "teacher.transactional.id";
    private static final String TRANSACTIONAL_ID_DOC = "Transactional id of this worker's producer. Each running "
        + "instance needs its own, stable across restarts of that instance (e.g. distill-teacher-0, distill-teacher-1): "
        + "a restarted instance with the same id fences its predecessor and aborts its open transaction.";

    public static final String STATIC_MEMBERSHIP = "teacher.static.membership";
    private static final String STATIC_MEMBERSHIP_DOC = "Join the group as a static member with the transactional id "
        + "as group.instance.id (unless group.instance.id is set), so an instance restarted after a crash takes its "
        + "partitions back at once instead of waiting for the dead member's session to expire. A clean shutdown "
        + "leaves the group either way.";

    public static final String LAMBDA = "teacher.lambda";
    private static final String LAMBDA_DOC = "EASE L2 regularisation weight on the item-item matrix (> 0).";

    public static final String ITEM_CAP = "teacher.item.cap";
    private static final String ITEM_CAP_DOC = "The teacher ranks only this many of the most frequent items; fit cost "
        + "grows with its cube.";

    public static final String CELL_TRANSFORM = "teacher.cell.transform";
    private static final String CELL_TRANSFORM_DOC = "How a user's accumulated interaction weight for an item becomes a "
        + "matrix cell: LOG1P (log(1 + weight)), BINARY (1 for any interaction) or RAW (the weight itself).";

    public static final String WEIGHT_VIEW = "teacher.weight.view";
    public static final String WEIGHT_CLICK = "teacher.weight.click";
    public static final String WEIGHT_ADD_TO_CART = "teacher.weight.add.to.cart";
    public static final String WEIGHT_PURCHASE = "teacher.weight.purchase";
    private static final String WEIGHT_DOC = "Weight of one interaction of this type in the teacher's user-item matrix "
        + "(finite, >= 0).";

    public static final String TOP_K = "teacher.top.k";
    private static final String TOP_K_DOC = "The teacher's top-K items written as candidates of each soft label.";

    public static final String NEGATIVES = "teacher.negatives";
    private static final String NEGATIVES_DOC = "Uniformly sampled negative items added to the candidates of each soft "
        + "label (seeded per event).";

    public static final String TEMPERATURE = "teacher.temperature";
    private static final String TEMPERATURE_DOC = "Temperature written into every soft label: the one the teacher's "
        + "logits are meant to be softened with (> 0).";

    public static final String REFIT_MIN_EVENTS = "teacher.refit.min.events";
    private static final String REFIT_MIN_EVENTS_DOC = "First fit after this many events; the gap between fits then "
        + "doubles from here.";

    public static final String REFIT_MAX_EVENTS = "teacher.refit.max.events";
    private static final String REFIT_MAX_EVENTS_DOC = "Upper bound of the gap, in events, between two fits (>= "
        + REFIT_MIN_EVENTS + ").";

    public static final String REFIT_SWAP_DELAY_EVENTS = "teacher.refit.swap.delay.events";
    private static final String REFIT_SWAP_DELAY_EVENTS_DOC = "A fit started after event n is installed exactly before "
        + "event n + delay (at most half the gap to the next fit), so the fit runs in the background while labelling goes on,"
        + " the labels are a pure function of the log, and a restarted worker produces the very labels an uninterrupted one"
        + " would have. -1 installs a fit as soon as it finishes: fresher models, but labels then depend on timing.";

    public static final String REFIT_INTERVAL_MS = "teacher.refit.interval.ms";
    private static final String REFIT_INTERVAL_MS_DOC = "Also refit after this much wall time with new events; 0 = "
        + "off. Anything but 0 makes labels depend on timing.";

    public static final String SEED = "teacher.seed";
    private static final String SEED_DOC = "Seed of the negative sampler.";

    public static final String RECENCY_HALF_LIFE_EVENTS = "teacher.recency.half.life.events";
    private static final String RECENCY_HALF_LIFE_EVENTS_DOC = "When scoring a user, a history item's cell is halved for "
        + "every this-many later events of the user, so the latest interactions speak loudest; 0 = off.";

    public static final String SEQUENCE_WEIGHT = "teacher.sequence.weight";
    private static final String SEQUENCE_WEIGHT_DOC = "Weight in [0, 1) of the next-item term of the fit: 0 is plain EASE"
        + " (which items go together); above 0 the fit also regresses each event's item on the user's recency-weighted"
        + " history just before it (which items come next; SLIST, Choi et al. 2021).";
    public static final String SEQUENCE_WINDOW = "teacher.sequence.window";
    private static final String SEQUENCE_WINDOW_DOC = "Latest events of a user that make up a history row of the"
        + " next-item term.";

    public static final String POLL_MAX_RECORDS = "teacher.poll.max.records";
    private static final String POLL_MAX_RECORDS_DOC = "Most interactions per poll, hence per transaction and per "
        + "batch scored at once (the consumer's max.poll.records).";

    /** Every key of the teacher worker, with type, default, validator and documentation. */
    public static final ConfigDef CONFIG = TopicNames.define(new ConfigDef()
        .define(GROUP_ID, Type.STRING, "distill-teacher", new ConfigDef.NonEmptyString(), Importance.HIGH, GROUP_ID_DOC)
        .define(TRANSACTIONAL_ID, Type.STRING, "distill-teacher-0", new ConfigDef.NonEmptyString(), Importance.HIGH,
            TRANSACTIONAL_ID_DOC)
        .define(STATIC_MEMBERSHIP, Type.BOOLEAN, true, Importance.MEDIUM, STATIC_MEMBERSHIP_DOC)
        .define(LAMBDA, Type.DOUBLE, TeacherSettings.DEFAULT.lambda(), positive(), Importance.HIGH, LAMBDA_DOC)
        .define(ITEM_CAP, Type.INT, TeacherSettings.DEFAULT.itemCap(), ConfigDef.Range.atLeast(1), Importance.HIGH,
            ITEM_CAP_DOC)
        .define(CELL_TRANSFORM, Type.STRING, TeacherSettings.DEFAULT.transform().name(),
            ConfigDef.CaseInsensitiveValidString.in(names()), Importance.MEDIUM, CELL_TRANSFORM_DOC)
        .define(WEIGHT_VIEW, Type.DOUBLE, (double) InteractionWeights.DEFAULT.view(), nonNegative(), Importance.MEDIUM,
            WEIGHT_DOC)
        .define(WEIGHT_CLICK, Type.DOUBLE, (double) InteractionWeights.DEFAULT.click(), nonNegative(), Importance.MEDIUM,
            WEIGHT_DOC)
        .define(WEIGHT_ADD_TO_CART, Type.DOUBLE, (double) InteractionWeights.DEFAULT.addToCart(), nonNegative(),
            Importance.MEDIUM, WEIGHT_DOC)
        .define(WEIGHT_PURCHASE, Type.DOUBLE, (double) InteractionWeights.DEFAULT.purchase(), nonNegative(),
            Importance.MEDIUM, WEIGHT_DOC)
        .define(TOP_K, Type.INT, TeacherSettings.DEFAULT.topK(), ConfigDef.Range.atLeast(1), Importance.MEDIUM, TOP_K_DOC)
        .define(NEGATIVES, Type.INT, TeacherSettings.DEFAULT.negatives(), ConfigDef.Range.atLeast(0), Importance.MEDIUM,
            NEGATIVES_DOC)
        .define(TEMPERATURE, Type.DOUBLE, (double) TeacherSettings.DEFAULT.temperature(), positive(), Importance.MEDIUM,
            TEMPERATURE_DOC)
        .define(REFIT_MIN_EVENTS, Type.LONG, TeacherSettings.DEFAULT.refitMinEvents(), ConfigDef.Range.atLeast(1),
            Importance.MEDIUM, REFIT_MIN_EVENTS_DOC)
        .define(REFIT_MAX_EVENTS, Type.LONG, TeacherSettings.DEFAULT.refitMaxEvents(), ConfigDef.Range.atLeast(1),
            Importance.MEDIUM, REFIT_MAX_EVENTS_DOC)
        .define(REFIT_SWAP_DELAY_EVENTS, Type.LONG, TeacherSettings.DEFAULT.swapDelayEvents(), ConfigDef.Range.atLeast(-1),
            Importance.MEDIUM, REFIT_SWAP_DELAY_EVENTS_DOC)
        .define(REFIT_INTERVAL_MS, Type.LONG, TeacherSettings.DEFAULT.refitInterval().toMillis(), ConfigDef.Range.atLeast(0),
            Importance.LOW, REFIT_INTERVAL_MS_DOC)
        .define(SEED, Type.LONG, TeacherSettings.DEFAULT.seed(), Importance.LOW, SEED_DOC)
        .define(RECENCY_HALF_LIFE_EVENTS, Type.DOUBLE, (double) TeacherSettings.DEFAULT.recencyHalfLife(), nonNegative(),
            Importance.LOW, RECENCY_HALF_LIFE_EVENTS_DOC)
        .define(SEQUENCE_WEIGHT, Type.DOUBLE, (double) TeacherSettings.DEFAULT.sequenceWeight(), ConfigDef.Range.between(0.0, 0.999),
            Importance.MEDIUM, SEQUENCE_WEIGHT_DOC)
        .define(SEQUENCE_WINDOW, Type.INT, TeacherSettings.DEFAULT.sequenceWindow(), ConfigDef.Range.between(1, 1000),
            Importance.LOW, SEQUENCE_WINDOW_DOC)
        .define(POLL_MAX_RECORDS, Type.INT, 500, ConfigDef.Range.atLeast(1), Importance.MEDIUM, POLL_MAX_RECORDS_DOC));

    private final TeacherSettings teacherSettings;
    private final TopicNames topics;

    /**
     * Parses and checks {@code props}; keys this config does not define (client settings) are kept in
     * {@link #originals()}.
     *
     * @throws ConfigException naming the first invalid key
     */
    public TeacherConfig(final Map<?, ?> props) {
        super(CONFIG, props, false);
        this.teacherSettings = buildSettings();
        this.topics = TopicNames.from(props);
    }

    /** The teacher these settings describe. */
    public TeacherSettings teacherSettings() {
        return teacherSettings;
    }

    /** The topic names ({@code topic.*}). */
    public TopicNames topics() {
        return topics;
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public String transactionalId() {
        return getString(TRANSACTIONAL_ID);
    }

    public boolean staticMembership() {
        return getBoolean(STATIC_MEMBERSHIP);
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS);
    }

    /** The keys and documentation as an HTML table, as Kafka documents its configs. */
    public static String documentation() {
        return CONFIG.toHtmlTable();
    }

    private TeacherSettings buildSettings() {
        final long minEvents = getLong(REFIT_MIN_EVENTS);
        final long maxEvents = getLong(REFIT_MAX_EVENTS);
        if (maxEvents < minEvents) {
            throw new ConfigException(REFIT_MAX_EVENTS, maxEvents, "must be >= " + REFIT_MIN_EVENTS + " (" + minEvents + ")");
        }
        final long swapDelay = getLong(REFIT_SWAP_DELAY_EVENTS);
        final InteractionWeights weights = new InteractionWeights(weight(WEIGHT_VIEW), weight(WEIGHT_CLICK),
            weight(WEIGHT_ADD_TO_CART), weight(WEIGHT_PURCHASE));
        final float temperature = (float) getDouble(TEMPERATURE).doubleValue();
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new ConfigException(TEMPERATURE, getDouble(TEMPERATURE), "must be a positive value within float range");
        }
        return TeacherSettings.builder().lambda(getDouble(LAMBDA)).itemCap(getInt(ITEM_CAP))
            .transform(CellTransform.valueOf(getString(CELL_TRANSFORM).toUpperCase(Locale.ROOT))).weights(weights)
            .topK(getInt(TOP_K)).negatives(getInt(NEGATIVES)).temperature(temperature).refitMinEvents(minEvents)
            .refitMaxEvents(maxEvents).swapDelayEvents(swapDelay).refitInterval(Duration.ofMillis(getLong(REFIT_INTERVAL_MS)))
            .seed(getLong(SEED)).recencyHalfLife(weight(RECENCY_HALF_LIFE_EVENTS)).sequenceWeight(weight(SEQUENCE_WEIGHT))
            .sequenceWindow(getInt(SEQUENCE_WINDOW)).build();
    }

    /** A non-negative double key as a float, which must not overflow. */
    private float weight(final String key) {
        final float value = (float) getDouble(key).doubleValue();
        if (Float.isInfinite(value)) {
            throw new ConfigException(key, getDouble(key), "must be within float range");
        }
        return value;
    }

    private static String[] names() {
        final CellTransform[] values = CellTransform.values();
        final String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name();
        }
        return names;
    }

    /** Finite and strictly positive. */
    private static ConfigDef.Validator positive() {
        return new FiniteDouble(false);
    }

    /** Finite and at least zero. */
    private static ConfigDef.Validator nonNegative() {
        return new FiniteDouble(true);
    }

    /** A finite double, greater than zero (or equal to it, when {@code zeroAllowed}). */
    private record FiniteDouble(boolean zeroAllowed) implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            final double v = ((Number) value).doubleValue();
            if (!Double.isFinite(v) || v < 0 || (v == 0 && !zeroAllowed)) {
                throw new ConfigException(name, value, zeroAllowed ? "must be a finite value >= 0" : "must be a finite value > 0");
            }
        }

        @Override
        public String toString() {
            return zeroAllowed ? "finite, >= 0" : "finite, > 0";
        }
    }
}
