package io.distill.app.demo;

import io.distill.schemas.DistillException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What earlier demo runs published into one data directory: the number of runs, and per source (the synthetic world,
 * a dataset) how many of its events, so that the next run continues each source where the last one stopped instead
 * of publishing the same events again (the ingest would dead-letter them as duplicates, and the teacher and student,
 * which keep their state in the data directory, would be evaluated on events they have already learnt from).
 *
 * <p>Kept in {@code <dir>/demo/progress.properties}, rewritten atomically after each run. Immutable; {@link #next}
 * returns the ledger after one more run.
 *
 * @param file      where the ledger is kept
 * @param runs      runs recorded so far
 * @param published events published so far, by source name
 */
record DemoLedger(Path file, long runs, Map<String, Long> published) {
    private static final String RUNS = "runs";
    private static final String PUBLISHED_PREFIX = "published.";

    DemoLedger {
        Objects.requireNonNull(file, "file");
        published = Map.copyOf(published);
    }

    /** The ledger of {@code dataDir}: empty when no demo ran there yet. */
    static DemoLedger load(final Path dataDir) {
        final Path file = dataDir.resolve("demo").resolve("progress.properties");
        if (!Files.isRegularFile(file)) {
            return new DemoLedger(file, 0, Map.of());
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new DistillException("Cannot read the demo's progress file " + file + ": " + e.getMessage(), e);
        }
        final Map<String, Long> published = new TreeMap<>();
        for (final String key : properties.stringPropertyNames()) {
            if (key.startsWith(PUBLISHED_PREFIX)) {
                published.put(key.substring(PUBLISHED_PREFIX.length()), number(file, key, properties.getProperty(key)));
            }
        }
        return new DemoLedger(file, number(file, RUNS, properties.getProperty(RUNS, "0")), published);
    }

    /** Events of {@code source} published by earlier runs. */
    long published(final String source) {
        return published.getOrDefault(source, 0L);
    }

    /** This ledger forgetting every source (the topics were found empty: the broker data was removed). */
    DemoLedger cleared() {
        return new DemoLedger(file, runs, Map.of());
    }

    /** The ledger after one more run that brought {@code source} to {@code publishedTotal} events. */
    DemoLedger next(final String source, final long publishedTotal) {
        final Map<String, Long> updated = new TreeMap<>(published);
        updated.put(source, publishedTotal);
        return new DemoLedger(file, runs + 1, updated);
    }

    /** Writes this ledger (to a temporary file first, then moved over the old one). */
    void save() {
        final Properties properties = new Properties();
        properties.setProperty(RUNS, Long.toString(runs));
        published.forEach((source, count) -> properties.setProperty(PUBLISHED_PREFIX + source, Long.toString(count)));
        try {
            Files.createDirectories(file.getParent());
            final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "distill demo: events published into this data directory, per source");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (final IOException e) {
            throw new DistillException("Cannot write the demo's progress file " + file + ": " + e.getMessage(), e);
        }
    }

    private static long number(final Path file, final String key, final String value) {
        try {
            final long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException("negative");
            }
            return parsed;
        } catch (final NumberFormatException e) {
            throw new DistillException("The demo's progress file " + file + " is damaged: " + key + "=" + value
                + " is not a count (delete the file to start the sources from their beginning)");
        }
    }
}
