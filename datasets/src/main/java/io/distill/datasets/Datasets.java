package io.distill.datasets;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Entry point: opens a dataset file as an {@link InteractionSource}.
 *
 * <pre>{@code
 * try (InteractionSource source = Datasets.open(path, DatasetFormat.AUTO, DatasetOptions.DEFAULTS)) {
 *     source.forEachRemaining(producer::send);
 *     log.info("{}", source.skipReport());
 * }
 * }</pre>
 */
public final class Datasets {

    private Datasets() {
    }

    /** Opens {@code path}, detecting its format, with default options. */
    public static InteractionSource open(final Path path) {
        return open(path, DatasetFormat.AUTO, DatasetOptions.DEFAULTS);
    }

    /**
     * Opens {@code path} as {@code format} ({@link DatasetFormat#AUTO} to detect it). Formats that are not
     * stored in time order (OTTO, MovieLens, generic CSV) are read and sorted here; Online Retail streams.
     *
     * @throws DatasetException if the file is missing, unreadable or of an undetectable format
     */
    public static InteractionSource open(final Path path, final DatasetFormat format, final DatasetOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(options, "options");
        final DatasetFormat resolved = format == DatasetFormat.AUTO ? detectFormat(path) : format;
        return switch (resolved) {
            case ONLINE_RETAIL -> OnlineRetailReader.open(path, options);
            case OTTO -> OttoReader.open(path, options);
            case MOVIELENS -> MovieLensReader.open(path, options);
            case GENERIC_CSV -> GenericCsvReader.open(path, options);
            case AUTO -> throw new IllegalStateException("AUTO was resolved above");
        };
    }

    /**
     * The format of {@code path}, from its first non-blank line and then its name: a JSON object is OTTO;
     * {@code ::}, a 4-field tab-separated line, a {@code userId,movieId,rating,timestamp} header, or a name
     * like {@code u.data} / {@code *.dat} is MovieLens; a header with InvoiceNo and StockCode is Online
     * Retail; any other comma-separated line is generic CSV.
     *
     * @throws DatasetException if the file is empty, unreadable or none of these
     */
    public static DatasetFormat detectFormat(final Path path) {
        final String first = Inputs.firstLine(path).strip();
        if (first.isEmpty()) {
            throw new DatasetException("cannot detect the format of " + path + ": it is empty");
        }
        String name = Inputs.fileName(path).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        final String header = first.toLowerCase(Locale.ROOT).replace("\"", "").replace(" ", "");
        if (first.startsWith("{")) {
            return DatasetFormat.OTTO;
        }
        if (header.contains("invoiceno") && header.contains("stockcode")) {
            return DatasetFormat.ONLINE_RETAIL;
        }
        if (first.contains("::") || first.split("\t", -1).length == 4 || header.startsWith("userid,movieid,rating,")
                || name.endsWith(".data") || name.endsWith(".dat")) {
            return DatasetFormat.MOVIELENS;
        }
        if (first.indexOf(',') >= 0) {
            return DatasetFormat.GENERIC_CSV;
        }
        throw new DatasetException("cannot detect the format of " + path + " from its first line '" + abbreviate(first)
                + "': pass an explicit DatasetFormat");
    }

    private static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
