package io.distill.datasets;

import io.distill.avro.Interaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * MovieLens ratings, loaded whole and sorted by time (the files are ordered by user, not time). The
 * delimiter is taken from the first non-blank line: {@code ::} ({@code ratings.dat}), a tab ({@code u.data})
 * or a comma ({@code ratings.csv}, whose header line is recognised and skipped).
 *
 * <p>Fields: user, item, rating, timestamp (epoch seconds). Every rating at or above
 * {@link DatasetOptions#minRating()} becomes one interaction of {@link DatasetOptions#ratingType()} (CLICK by
 * default) with value = rating and event id {@code <name>:<line>}; lower ratings are skipped as
 * {@link SkipReason#BELOW_MIN_RATING}. A rating says how much a user liked an item they already watched,
 * not that they bought it, so no rating is promoted to a stronger type by default.
 */
final class MovieLensReader {
    private static final int FIELDS = 4;

    private MovieLensReader() {
    }

    static InteractionSource open(final Path path, final DatasetOptions options) {
        final String name = options.name() != null ? options.name() : Inputs.stem(path);
        final SkipCounter counter = new SkipCounter(name);
        final List<Interaction> events = new ArrayList<>();
        long records = 0;
        try (BufferedReader reader = Inputs.open(path)) {
            String text;
            long line = 0;
            String delimiter = null;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    counter.read();
                    counter.skip(SkipReason.BLANK_LINE, line, "empty line");
                    continue;
                }
                if (delimiter == null) {
                    delimiter = delimiterOf(text);
                    if (isHeader(text, delimiter)) {
                        continue;
                    }
                }
                counter.read();
                records++;
                final Interaction interaction = convert(name, line, text, delimiter, options, counter);
                if (interaction != null) {
                    events.add(interaction);
                    counter.emitted();
                }
            }
        } catch (final IOException e) {
            throw new DatasetException("cannot read MovieLens file " + path + ": " + e.getMessage(), e);
        }
        return new LoadedSource(name, events, counter.report(), records);
    }

    static String delimiterOf(final String firstLine) {
        if (firstLine.contains("::")) {
            return "::";
        }
        return firstLine.indexOf('\t') >= 0 ? "\t" : ",";
    }

    /** The ml-latest / ml-25m CSV header ({@code userId,movieId,rating,timestamp}): its rating is not a number. */
    static boolean isHeader(final String line, final String delimiter) {
        final List<String> fields = split(line, delimiter);
        return fields != null && fields.size() == FIELDS && parseRating(fields.get(2)) == null
                && Timestamps.parseEpochSeconds(fields.get(3)) == null;
    }

    private static Interaction convert(final String name, final long line, final String text, final String delimiter,
                                       final DatasetOptions options, final SkipCounter counter) {
        final List<String> f = split(text, delimiter);
        if (f == null) {
            counter.skip(SkipReason.MALFORMED_CSV, line, "unbalanced quotes");
            return null;
        }
        if (f.size() != FIELDS) {
            counter.skip(SkipReason.WRONG_FIELD_COUNT, line, f.size() + " fields, expected " + FIELDS);
            return null;
        }
        final String user = f.get(0).strip();
        final String item = f.get(1).strip();
        if (user.isEmpty() || item.isEmpty()) {
            counter.skip(SkipReason.MISSING_FIELD, line, "empty " + (user.isEmpty() ? "user" : "item"));
            return null;
        }
        final Double rating = parseRating(f.get(2));
        if (rating == null) {
            counter.skip(SkipReason.BAD_NUMBER, line, "rating '" + f.get(2) + "'");
            return null;
        }
        final Instant time = Timestamps.parseEpochSeconds(f.get(3));
        if (time == null) {
            counter.skip(SkipReason.BAD_TIMESTAMP, line, "timestamp '" + f.get(3) + "'");
            return null;
        }
        if (rating < options.minRating()) {
            counter.skip(SkipReason.BELOW_MIN_RATING, line, "rating " + rating);
            return null;
        }
        return new Interaction(name + ":" + line, user, item, options.ratingType(), time, rating, null);
    }

    /** Fields of one line; {@code null} when a comma-separated line has broken quoting. */
    private static List<String> split(final String line, final String delimiter) {
        if (",".equals(delimiter)) {
            return CsvRecordReader.split(line, ',').fields();
        }
        final List<String> fields = new ArrayList<>(FIELDS);
        int start = 0;
        int at;
        while ((at = line.indexOf(delimiter, start)) >= 0) {
            fields.add(line.substring(start, at));
            start = at + delimiter.length();
        }
        fields.add(line.substring(start));
        return fields;
    }

    private static Double parseRating(final String raw) {
        try {
            final double rating = Double.parseDouble(raw.strip());
            return Double.isFinite(rating) ? rating : null;
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
