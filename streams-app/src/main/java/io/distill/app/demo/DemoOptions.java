package io.distill.app.demo;

import io.distill.datasets.DatasetFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a demo run goes: what to stream, how much bad input to mix in, and when to stop.
 *
 * @param events             synthetic events to publish (when {@code dataset} is null)
 * @param dataset            a dataset file to publish instead of the synthetic world, or null
 * @param format             its format
 * @param limit              publish at most this many events of the dataset; 0 = all
 * @param badEventsPer1000   deliberately bad records per 1000 events (0 = none)
 * @param rate               publish at most this many records per second, or null for as fast as possible
 * @param refresh            time between rows of the live table
 * @param timeout            give up when the pipeline makes no progress for this long
 * @param samples            users whose recommendations are fetched from the edge at the end
 * @param keepRunning        stay up after the summary, until Ctrl-C
 */
public record DemoOptions(long events, Path dataset, DatasetFormat format, long limit, int badEventsPer1000, Double rate,
                          Duration refresh, Duration timeout, int samples, boolean keepRunning) {

    /** The defaults: the synthetic world, one bad record per 1000 events, a row every 5 s, a 2-minute stall timeout. */
    public static final DemoOptions DEFAULTS = new DemoOptions(DemoSource.DEFAULT_EVENTS, null, DatasetFormat.AUTO, 0, 1, null,
        Duration.ofSeconds(5), Duration.ofMinutes(2), 3, false);

    public DemoOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(timeout, "timeout");
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1, got " + events);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or more, got " + limit);
        }
        if (badEventsPer1000 < 0 || badEventsPer1000 > BadEvents.MAX_PER_THOUSAND) {
            throw new IllegalArgumentException("--bad-events-per-1000 must be 0.." + BadEvents.MAX_PER_THOUSAND + ", got "
                + badEventsPer1000);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("--rate must be above 0, got " + rate);
        }
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("--refresh must be positive, got " + refresh);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be 0 or more, got " + samples);
        }
    }
}
