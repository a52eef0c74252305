package io.distill.app.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging switches of the command line; the levels themselves live in {@code logback.xml}. */
public final class CliLogging {
    private static final String DISTILL_LOGGERS = "io.distill";

    private CliLogging() {
    }

    /** {@code --verbose}: distill's own loggers at DEBUG (Kafka's stay at WARN). No-op without logback. */
    public static void enableDebug() {
        final Logger logger = LoggerFactory.getLogger(DISTILL_LOGGERS);
        if (logger instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.DEBUG);
        }
    }
}
