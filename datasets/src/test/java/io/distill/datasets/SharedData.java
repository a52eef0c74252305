package io.distill.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the project's shared real datasets, which live beside the checkout and are never copied into it:
 * the {@code distill.shared.dir} system property (set by the parent POM's surefire configuration) plus
 * {@code /data}, or else the first {@code shared/data} found walking up from the working directory.
 */
final class SharedData {
    static final String PROPERTY = "distill.shared.dir";

    private SharedData() {
    }

    static Path onlineRetail() {
        return file("online-retail/online_retail.csv.gz");
    }

    static Path ottoSample() {
        return file("otto-sample/train_first20sessions.jsonl");
    }

    static Path file(final String relative) {
        final Path path = dataDir().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("shared dataset " + path + " is missing; the shared data directory "
                    + dataDir() + " must hold " + relative);
        }
        return path;
    }

    static Path dataDir() {
        final String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            final Path data = Paths.get(configured).resolve("data").normalize();
            if (Files.isDirectory(data)) {
                return data;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path data = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(data)) {
                return data;
            }
        }
        throw new IllegalStateException("shared data not found: set -D" + PROPERTY + "=<dir containing data/> "
                + "(the parent POM sets it to ../shared relative to the checkout) or run from below a directory "
                + "that contains shared/data; working directory " + Paths.get("").toAbsolutePath()
                + ", " + PROPERTY + "=" + configured);
    }
}
