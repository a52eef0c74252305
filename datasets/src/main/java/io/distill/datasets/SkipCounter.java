package io.distill.datasets;

import java.util.EnumMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mutable tally behind a source's {@link SkipReport}. */
final class SkipCounter {
    private static final Logger LOG = LoggerFactory.getLogger(SkipCounter.class);

    private final String sourceName;
    private final EnumMap<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
    private final EnumMap<SkipReason, Long> firstLines = new EnumMap<>(SkipReason.class);
    private long read;
    private long emitted;

    SkipCounter(final String sourceName) {
        this.sourceName = sourceName;
    }

    void read() {
        read++;
    }

    void emitted() {
        emitted++;
    }

    void skip(final SkipReason reason, final long line, final String detail) {
        counts.merge(reason, 1L, Long::sum);
        firstLines.putIfAbsent(reason, line);
        LOG.debug("{}: skipping line {} ({}): {}", sourceName, line, reason, detail);
    }

    SkipReport report() {
        return new SkipReport(read, emitted, counts, firstLines);
    }
}
