package io.distill.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The broker's own log file: rotation on start, and the excerpt that goes into a startup failure. */
final class BrokerLog {
    private static final int TAIL_LINES = 30;
    private static final int MAX_ERROR_LINES = 12;
    private static final long MAX_SCAN_BYTES = 4L * 1024 * 1024;
    private static final long ROTATE_BYTES = 20L * 1024 * 1024;
    private static final Pattern TIMESTAMPED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Path file;

    BrokerLog(final Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Moves a log above 20 MiB to {@code <name>.1} (replacing an older one), so the log stays bounded. */
    void rotateIfLarge() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file) && Files.size(file) > ROTATE_BYTES) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The current size, as the offset a later {@link #failureReport(long)} starts from. */
    long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0L;
        } catch (final IOException e) {
            return 0L;
        }
    }

    /**
     * What to tell the user when the broker failed: the errors it logged since {@code offset} (the size at
     * launch), each with the line after it (usually the exception), then the log's tail.
     */
    String failureReport(final long offset) {
        final List<String> errors = new ArrayList<>();
        final List<String> lines = linesSince(offset);
        for (int i = 0; i < lines.size() && errors.size() < MAX_ERROR_LINES; i++) {
            final String line = lines.get(i);
            if (line.contains(" ERROR ") || line.contains(" FATAL ") || line.startsWith("Error")
                || line.startsWith("Exception in thread")) {
                errors.add(line);
                if (i + 1 < lines.size() && !TIMESTAMPED.matcher(lines.get(i + 1)).lookingAt()) {
                    errors.add(lines.get(i + 1));
                }
            }
        }
        return (errors.isEmpty() ? "" : "Errors it logged:\n" + String.join("\n", errors) + "\n")
            + "Tail of " + file + ":\n" + JavaProcess.tail(file, TAIL_LINES);
    }

    private List<String> linesSince(final long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            final long start = Math.max(offset, in.length() - MAX_SCAN_BYTES);
            final byte[] bytes = new byte[(int) Math.max(0, in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (final IOException e) {
            return List.of();
        }
    }
}
