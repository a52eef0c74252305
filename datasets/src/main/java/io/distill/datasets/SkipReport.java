package io.distill.datasets;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Immutable snapshot of what a source read, emitted and skipped.
 *
 * @param recordsRead input records examined (CSV records, JSON lines or, for OTTO, events); a header
 *                    line is not a record
 * @param emitted     interactions produced
 * @param skipped     number of skipped records per reason; reasons that never occurred are absent
 * @param firstLine   for each reason present in {@code skipped}, the 1-based line number of its first
 *                    occurrence, to find it in the file
 */
public record SkipReport(long recordsRead, long emitted, Map<SkipReason, Long> skipped,
                         Map<SkipReason, Long> firstLine) {

    public SkipReport {
        skipped = Collections.unmodifiableMap(copy(skipped));
        firstLine = Collections.unmodifiableMap(copy(firstLine));
    }

    /** A report of a source that skipped nothing. */
    public static SkipReport clean(final long recordsRead, final long emitted) {
        return new SkipReport(recordsRead, emitted, Map.of(), Map.of());
    }

    /** How many records were skipped for {@code reason}; 0 when none. */
    public long count(final SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }

    /** Records skipped for any reason. */
    public long totalSkipped() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<SkipReason, Long> copy(final Map<SkipReason, Long> source) {
        final EnumMap<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
        copy.putAll(source);
        return copy;
    }

    @Override
    public String toString() {
        return "read " + recordsRead + ", emitted " + emitted + ", skipped " + skipped;
    }
}
