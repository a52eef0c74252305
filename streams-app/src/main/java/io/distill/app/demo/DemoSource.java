package io.distill.app.demo;

import io.distill.avro.Interaction;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.DatasetOptions;
import io.distill.datasets.Datasets;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SkipReport;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.schemas.DistillException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The events one demo run publishes: the next slice of the demo's synthetic world, or the next events of a dataset
 * file, after those that earlier runs in the same data directory published ({@link DemoLedger}).
 *
 * <p><b>The synthetic world</b> is one long synthetic stream with planted preferences ({@link #WORLD}: 500 users, 1000
 * items in 20 groups, seed 42, the users arriving during the first {@value #DEFAULT_EVENTS} events). Run k publishes
 * the events after those of runs 1..k-1, so every run is new traffic from the same users with the same tastes: the
 * models, which keep their state in the data directory, go on learning instead of being tested on events they have
 * seen. Its event ids carry a {@code demo-} prefix, so they never collide with {@code distill produce --synthetic}.
 *
 * <p>Single pass, not thread-safe.
 */
final class DemoSource implements AutoCloseable {
    /** Events a run publishes by default: the demo reaches its summary in a few minutes on a small machine. */
    static final long DEFAULT_EVENTS = 50_000L;
    /** Length of the synthetic world: 40 default runs, timestamps from 2024-01-01 to late 2025. */
    static final long WORLD_EVENTS = 2_000_000L;
    /** The demo's synthetic world. */
    static final SyntheticParams WORLD = SyntheticParams.DEFAULTS
        .withSize(SyntheticParams.DEFAULTS.users(), SyntheticParams.DEFAULTS.items(), SyntheticParams.DEFAULTS.groups(),
            WORLD_EVENTS)
        .withArrivals(SyntheticParams.DEFAULTS.initialUserFraction(), 0.8 * DEFAULT_EVENTS / WORLD_EVENTS);
    /** Prefix of the synthetic world's event ids. */
    static final String EVENT_ID_PREFIX = "demo-";

    private final String name;
    private final InteractionSource source;
    private final SyntheticStream world;
    private final long first;
    private final long limit;
    private final String eventIdPrefix;
    private long emitted;

    private DemoSource(final String name, final InteractionSource source, final SyntheticStream world, final long first,
                       final long limit, final String eventIdPrefix) {
        this.name = name;
        this.source = source;
        this.world = world;
        this.first = first;
        this.limit = limit;
        this.eventIdPrefix = eventIdPrefix;
    }

    /**
     * The next {@code events} events of the synthetic world after those earlier runs published.
     *
     * @param publishedBefore events earlier runs published, by source name
     * @throws DistillException when the world has fewer events left
     */
    static DemoSource synthetic(final long events, final ToLongFunction<String> publishedBefore) {
        final SyntheticStream world = new SyntheticStream(WORLD);
        final long published = publishedBefore.applyAsLong(world.name());
        if (published + events > WORLD_EVENTS) {
            throw new DistillException(String.format(Locale.ROOT, "The demo's synthetic world has %,d events and earlier runs"
                + " in this data directory published %,d of them: %,d more do not fit. Use a fresh --dir.",
                WORLD_EVENTS, published, events));
        }
        final InteractionSource source = world.open();
        skip(source, published, world.name());
        return new DemoSource(world.name(), source, world, published, events, EVENT_ID_PREFIX);
    }

    /**
     * The events of a dataset file after those earlier runs published, at most {@code limit} of them (0: all).
     *
     * @param publishedBefore events earlier runs published, by source name
     * @throws DistillException when the file cannot be read, or earlier runs published all of it
     */
    static DemoSource dataset(final Path path, final DatasetFormat format, final long limit,
                              final ToLongFunction<String> publishedBefore) {
        final InteractionSource source = Datasets.open(path, format, DatasetOptions.DEFAULTS);
        final long published;
        try {
            published = publishedBefore.applyAsLong(source.name());
            skip(source, published, source.name());
            if (!source.hasNext()) {
                throw new DistillException(String.format(Locale.ROOT, "Earlier demo runs in this data directory already"
                    + " published all %,d events of %s (%s). Use a fresh --dir to stream it again.", published, source.name(), path));
            }
        } catch (final RuntimeException e) {
            source.close();
            throw e;
        }
        return new DemoSource(source.name(), source, null, published, limit, "");
    }

    private static void skip(final InteractionSource source, final long count, final String name) {
        for (long i = 0; i < count; i++) {
            if (!source.hasNext()) {
                throw new DistillException(String.format(Locale.ROOT, "The demo's progress file says %,d events of %s were"
                    + " published, but it has only %,d. Delete <dir>/demo/progress.properties or use a fresh --dir.", count, name, i));
            }
            source.next();
        }
    }

    /** The source's name, the ledger's key: {@code synthetic-42} or the dataset's name. */
    String name() {
        return name;
    }

    /** Position in the source of this run's first event (events earlier runs published). */
    long first() {
        return first;
    }

    /** Events this run will publish, or -1 when unknown (a dataset without a cheap size and no limit). */
    long planned() {
        if (world != null) {
            return limit;
        }
        final long left = source.estimatedSize().orElse(-1) < 0 ? -1 : source.estimatedSize().getAsLong() - first;
        if (limit > 0) {
            return left < 0 ? limit : Math.min(limit, left);
        }
        return left;
    }

    /** The synthetic world with its ground truth; empty for a dataset. */
    Optional<SyntheticStream> world() {
        return Optional.ofNullable(world);
    }

    boolean hasNext() {
        return (limit <= 0 || emitted < limit) && source.hasNext();
    }

    Interaction next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final Interaction event = source.next();
        emitted++;
        return eventIdPrefix.isEmpty() ? event
            : Interaction.newBuilder(event).setEventId(eventIdPrefix + event.getEventId()).build();
    }

    /** Events handed out by {@link #next()}. */
    long emitted() {
        return emitted;
    }

    /** Records of the file skipped as unusable, so far (final once {@link #hasNext()} returned false). */
    SkipReport skipReport() {
        return source.skipReport();
    }

    /** {@code synthetic-42, events 20,000..39,999} or {@code online_retail, events 0..}. */
    String describe() {
        final long planned = planned();
        return name + (planned > 0
            ? String.format(Locale.ROOT, ", events %,d..%,d", first, first + planned - 1)
            : String.format(Locale.ROOT, ", events %,d..", first));
    }

    @Override
    public void close() {
        source.close();
    }
}
