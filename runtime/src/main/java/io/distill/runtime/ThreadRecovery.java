package io.distill.runtime;

import io.distill.schemas.serde.WireFormatException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.errors.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a distill Streams service does when a stream thread dies. Under exactly-once v2 a replaced thread aborts its
 * open transaction and resumes from the last committed offsets, so replacing it never loses or doubles a record; the
 * only question is whether trying again can succeed:
 * <ul>
 *   <li>{@link Kind#TRANSIENT} (a retriable Kafka error, the schema registry unreachable): replaced, always;</li>
 *   <li>{@link Kind#ABORTABLE} (any other Kafka error whose root cause is not known to be permanent, e.g. a
 *       transaction that can no longer commit because sends expired during a broker outage, which the producer reports
 *       as a plain {@code KafkaException}): replaced at most {@code recovery.thread.replacements} times within
 *       {@code recovery.thread.replacements.window.ms}, so an error that comes back every time stops the service
 *       instead of spinning;</li>
 *   <li>{@link Kind#FATAL} (a root cause outside Kafka, i.e. a bug; authentication, authorisation, configuration,
 *       protocol version, serialisation): the client shuts down (state {@code ERROR}).</li>
 * </ul>
 * Thread-safe: Kafka Streams calls the handler from whichever stream thread died.
 */
public final class ThreadRecovery {
    /** How many {@link Kind#ABORTABLE} failures are answered by a new thread within the window. */
    public static final String REPLACEMENTS = "recovery.thread.replacements";
    /** The sliding window of {@link #REPLACEMENTS}, in milliseconds. */
    public static final String WINDOW_MS = "recovery.thread.replacements.window.ms";
    static final int DEFAULT_REPLACEMENTS = 5;
    static final long DEFAULT_WINDOW_MS = Duration.ofMinutes(10).toMillis();
    private static final int MAX_CAUSE_DEPTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ThreadRecovery.class);

    /** The keys, for a process's documentation. */
    public static final ConfigDef CONFIG = new ConfigDef()
        .define(REPLACEMENTS, Type.INT, DEFAULT_REPLACEMENTS, Range.atLeast(0), Importance.LOW,
            "How many times a stream thread that died of a non-retriable, non-fatal Kafka error (e.g. a transaction "
                + "that could not commit during a broker outage) is replaced within the window before the service shuts "
                + "down. Retriable errors are always retried; bugs and security or configuration errors never are.")
        .define(WINDOW_MS, Type.LONG, DEFAULT_WINDOW_MS, Range.atLeast(1), Importance.LOW,
            "The sliding window, in milliseconds, over which " + REPLACEMENTS + " is counted.");

    /** How a stream thread's death is answered. */
    public enum Kind { TRANSIENT, ABORTABLE, FATAL }

    private final String name;
    private final int replacements;
    private final long windowMs;
    private final LongSupplier nanoTime;
    private final Deque<Long> recent = new ArrayDeque<>();

    /**
     * Reads {@value #REPLACEMENTS} and {@value #WINDOW_MS}; other keys are ignored.
     *
     * @param name what runs, for the log
     * @throws ConfigException naming the key of an invalid value
     */
    public ThreadRecovery(final String name, final Map<?, ?> props) {
        this(name, props, System::nanoTime);
    }

    ThreadRecovery(final String name, final Map<?, ?> props, final LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        final AbstractConfig config = new AbstractConfig(CONFIG, props, false);
        this.replacements = config.getInt(REPLACEMENTS);
        this.windowMs = config.getLong(WINDOW_MS);
        this.nanoTime = nanoTime;
    }

    /** The answer to a stream thread that died of {@code error}; logs why. */
    public StreamThreadExceptionResponse onThreadDeath(final Throwable error) {
        switch (classify(error)) {
            case TRANSIENT -> {
                LOG.warn("A stream thread of the {} failed on a transient error; replacing it, its uncommitted records will be"
                    + " processed again: {}", name, error.toString());
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            case ABORTABLE -> {
                final int used = useReplacement();
                if (used <= replacements) {
                    LOG.warn("A stream thread of the {} failed; its transaction is aborted and a new thread resumes from the last"
                        + " commit ({} of {} such replacements within {} ms)", name, used, replacements, windowMs, error);
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                }
                LOG.error("A stream thread of the {} failed again: {} failures within {} ms, more than {}={}; shutting the {} down",
                    name, used, windowMs, REPLACEMENTS, replacements, name, error);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            default -> {
                LOG.error("A stream thread of the {} failed on an error that retrying cannot fix; shutting the {} down", name,
                    name, error);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
    }

    /** Counts one replacement now and returns how many fall within the window, this one included. */
    private synchronized int useReplacement() {
        final long now = nanoTime.getAsLong();
        final long windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
            recent.pollFirst();
        }
        recent.addLast(now);
        return recent.size();
    }

    /** True when a cause of {@code error} says that retrying the same record may succeed. */
    public static boolean isTransient(final Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof WireFormatException wire && wire.isRetriable() || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** Which of the three answers {@code error} calls for; decided by its retriable causes, then its root cause. */
    public static Kind classify(final Throwable error) {
        if (isTransient(error)) {
            return Kind.TRANSIENT;
        }
        final Throwable root = rootCause(error);
        if (!(root instanceof KafkaException) || isPermanent(root)) {
            return Kind.FATAL;
        }
        return Kind.ABORTABLE;
    }

    private static boolean isPermanent(final Throwable root) {
        return root instanceof AuthenticationException || root instanceof AuthorizationException
            || root instanceof SecurityDisabledException || root instanceof ConfigException
            || root instanceof InvalidConfigurationException || root instanceof UnsupportedVersionException
            || root instanceof SerializationException || root instanceof TopologyException;
    }

    private static Throwable rootCause(final Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_CAUSE_DEPTH; depth++) {
            root = root.getCause();
        }
        return root;
    }
}
