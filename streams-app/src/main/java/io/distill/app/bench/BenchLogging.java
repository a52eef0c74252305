package io.distill.app.bench;

import ch.qos.logback.classic.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the benchmark's terminal readable: while it runs, the services it starts and stops a dozen times log warnings
 * only and Kafka's clients errors only (the bench reports failures itself); closing restores the levels.
 * {@code --verbose} skips this. No-op without logback.
 */
final class BenchLogging implements AutoCloseable {
    private final Map<ch.qos.logback.classic.Logger, Level> previous = new LinkedHashMap<>();

    private BenchLogging() {
    }

    /** Lowers the levels until {@link #close()}. */
    static BenchLogging quiet() {
        final BenchLogging logging = new BenchLogging();
        logging.set("io.distill", Level.WARN);
        logging.set("org.apache.kafka", Level.ERROR);
        return logging;
    }

    /** Leaves the levels as they are. */
    static BenchLogging unchanged() {
        return new BenchLogging();
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
