package io.distill.app.cli;

import ch.qos.logback.classic.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the terminal of a command that runs services in its own JVM (demo, bench) readable: while it runs, the
 * services log warnings only and Kafka's clients errors only (the command reports what goes wrong itself); closing
 * restores the levels. {@code --verbose} skips this. No-op without logback.
 */
public final class QuietLogging implements AutoCloseable {
    private final Map<ch.qos.logback.classic.Logger, Level> previous = new LinkedHashMap<>();

    private QuietLogging() {
    }

    /** Lowers the levels until {@link #close()}. */
    public static QuietLogging quiet() {
        final QuietLogging logging = new QuietLogging();
        logging.set("io.distill", Level.WARN);
        logging.set("org.apache.kafka", Level.ERROR);
        return logging;
    }

    /** Leaves the levels as they are. */
    public static QuietLogging unchanged() {
        return new QuietLogging();
    }

    private void set(final String name, final Level level) {
        final Logger logger = LoggerFactory.getLogger(name);
        if (logger instanceof ch.qos.logback.classic.Logger logback) {
            previous.put(logback, logback.getLevel());
            logback.setLevel(level);
        }
    }

    @Override
    public void close() {
        previous.forEach(ch.qos.logback.classic.Logger::setLevel);
    }
}
