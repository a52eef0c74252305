package io.distill.app.demo;

import ch.qos.logback.classic.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's terminal readable: while the demo runs, the services it runs log warnings only, and Kafka's clients
 * errors only (the demo reports what goes wrong itself); closing restores the levels. {@code --verbose} skips this.
 * No-op without logback.
 */
final class DemoLogging implements AutoCloseable {
    private final Map<ch.qos.logback.classic.Logger, Level> previous = new LinkedHashMap<>();

    private DemoLogging() {
    }

    /** Lowers the levels until {@link #close()}. */
    static DemoLogging quiet() {
        final DemoLogging logging = new DemoLogging();
        logging.set("io.distill", Level.WARN);
        logging.set("org.apache.kafka", Level.ERROR);
        return logging;
    }

    /** Leaves the levels as they are. */
    static DemoLogging unchanged() {
        return new DemoLogging();
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
