package io.distill.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the public datasets distill is tested and evaluated on, which live beside the checkout and
 * are never copied into it: the {@code distill.shared.dir} system property (set by the parent POM's
 * test configuration) or the {@code DISTILL_SHARED_DIR} environment variable, plus {@code /data}; or
 * else the first {@code shared/data} found walking up from the working directory.
 */
public final class SharedDatasets {
    public static final String PROPERTY = "distill.shared.dir";
    public static final String ENV = "DISTILL_SHARED_DIR";

    private SharedDatasets() {
    }

    /** The UCI Online Retail CSV (gzip). */
    public static Path onlineRetail() {
        return file("online-retail/online_retail.csv.gz");
    }

    /** The OTTO click/cart/order sample (JSON lines). */
    public static Path ottoSample() {
        return file("otto-sample/train_first20sessions.jsonl");
    }

    /** A file under the shared data directory; fails naming the path when it is missing. */
    public static Path file(final String relative) {
        final Path path = dataDir().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("shared dataset " + path + " is missing; the shared data directory "
                    + dataDir() + " must hold " + relative);
        }
        return path;
    }

    /** The shared data directory. */
    public static Path dataDir() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
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
        throw new DatasetException("shared data not found: set -D" + PROPERTY + " or " + ENV + " to the dir containing data/ "
                + "(the parent POM sets it to ../shared relative to the checkout) or run from below a directory "
                + "that contains shared/data; working directory " + Paths.get("").toAbsolutePath()
                + ", " + PROPERTY + "=" + configured);
    }
}
