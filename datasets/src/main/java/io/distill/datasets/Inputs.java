package io.distill.datasets;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/** Opening dataset files: gzip by name, UTF-8 with a tolerated byte-order mark, names and size estimates. */
final class Inputs {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int SAMPLE_BYTES = 1 << 16;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Inputs() {
    }

    static boolean isGzip(final Path path) {
        return fileName(path).toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /**
     * A reader over the decoded text. Malformed UTF-8 becomes U+FFFD rather than an exception, so one bad
     * byte costs at most one record. A leading byte-order mark is dropped.
     */
    static BufferedReader open(final Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("dataset file " + path + " does not exist or is not a regular file");
        }
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
            if (isGzip(path)) {
                in = new GZIPInputStream(in, BUFFER_BYTES);
            }
            final BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
            reader.mark(1);
            if (reader.read() != BYTE_ORDER_MARK) {
                reader.reset();
            }
            return reader;
        } catch (final IOException e) {
            closeQuietly(in, e);
            throw new DatasetException("cannot open dataset file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The first non-blank line of the file, or {@code ""} for an empty file. */
    static String firstLine(final Path path) {
        try (BufferedReader reader = open(path)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return "";
        } catch (final IOException e) {
            throw new DatasetException("cannot read dataset file " + path + ": " + e.getMessage(), e);
        }
    }

    /** File name without {@code .gz} and without its last remaining extension. */
    static String stem(final Path path) {
        String name = fileName(path);
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        final int dot = name.lastIndexOf('.');
        final String stem = dot > 0 ? name.substring(0, dot) : name;
        final String safe = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "dataset" : safe;
    }

    static String fileName(final Path path) {
        final Path name = path.getFileName();
        return name == null ? "" : name.toString();
    }

    /**
     * Estimated number of lines: the uncompressed size (the gzip trailer's ISIZE for {@code .gz}) divided by
     * the mean line length of the first 64 KiB. Empty if the file cannot be sampled.
     */
    static OptionalLong estimateLines(final Path path) {
        try {
            final long totalBytes = isGzip(path) ? gzipUncompressedSize(path) : Files.size(path);
            long sampled = 0;
            long newlines = 0;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
                 InputStream in = isGzip(path) ? new GZIPInputStream(raw, BUFFER_BYTES) : raw) {
                final byte[] buffer = new byte[SAMPLE_BYTES];
                int n;
                while (sampled < SAMPLE_BYTES && (n = in.read(buffer, 0, (int) (SAMPLE_BYTES - sampled))) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            newlines++;
                        }
                    }
                    sampled += n;
                }
            }
            if (sampled == 0) {
                return OptionalLong.of(0);
            }
            if (newlines == 0) {
                return OptionalLong.of(1);
            }
            return OptionalLong.of(Math.max(1, Math.round(totalBytes / ((double) sampled / newlines))));
        } catch (final IOException e) {
            return OptionalLong.empty();
        }
    }

    // ISIZE is the uncompressed length modulo 2^32 of the last member: exact for the files we ship, a rough
    // figure beyond 4 GiB, which is all a progress bar needs.
    private static long gzipUncompressedSize(final Path path) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            if (file.length() < 4) {
                return 0;
            }
            file.seek(file.length() - 4);
            final long b0 = file.read();
            final long b1 = file.read();
            final long b2 = file.read();
            final long b3 = file.read();
            return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }
    }

    private static void closeQuietly(final InputStream in, final Exception primary) {
        if (in != null) {
            try {
                in.close();
            } catch (final IOException suppressed) {
                primary.addSuppressed(suppressed);
            }
        }
    }
}
