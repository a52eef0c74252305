package io.distill.app.demo;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's terminal readable: the services it runs log warnings only, and Kafka's clients errors only (the
 * demo reports what goes wrong itself); {@code --verbose} leaves the levels alone. No-op without logback.
 */
final class DemoLogging {
    private DemoLogging() {
    }

    static void quiet() {
        level("io.distill", Level.WARN);
        level("org.apache.kafka", Level.ERROR);
    }

    private static void level(final String name, final Level level) {
        final Logger logger = LoggerFactory.getLogger(name);
        if (logger instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(level);
        }
    }
}
