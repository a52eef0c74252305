package io.distill.datasets;

import io.distill.avro.InteractionType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How {@link Datasets#open} turns records into interactions. Options that do not apply to a format are
 * ignored by it.
 *
 * @param name               dataset name, the prefix of every event id; {@code null} derives it from the
 *                           file name without its extensions ({@code online_retail.csv.gz} gives
 *                           {@code online_retail}). Set it when two files share a name.
 * @param cancellationPolicy Online Retail: what to do with cancellation lines
 * @param minRating          MovieLens: ratings below it are skipped as {@link SkipReason#BELOW_MIN_RATING};
 *                           0 keeps every rating
 * @param ratingType         MovieLens: the type every kept rating gets (the rating itself is the value)
 * @param defaultType        generic CSV: the type of records without a type column or with an empty one
 */
public record DatasetOptions(String name, CancellationPolicy cancellationPolicy, double minRating,
                             InteractionType ratingType, InteractionType defaultType) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Derived name, DROP cancellations, every rating kept as a CLICK, untyped CSV records are CLICKs. */
    public static final DatasetOptions DEFAULTS =
            new DatasetOptions(null, CancellationPolicy.DROP, 0.0, InteractionType.CLICK, InteractionType.CLICK);

    public DatasetOptions {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new DatasetException("dataset option name must match " + NAME + ", got '" + name + "'");
        }
        Objects.requireNonNull(cancellationPolicy, "dataset option cancellationPolicy");
        if (!Double.isFinite(minRating)) {
            throw new DatasetException("dataset option minRating must be finite, got " + minRating);
        }
        checkType("ratingType", ratingType);
        checkType("defaultType", defaultType);
    }

    public DatasetOptions withName(final String newName) {
        return new DatasetOptions(newName, cancellationPolicy, minRating, ratingType, defaultType);
    }

    public DatasetOptions withCancellationPolicy(final CancellationPolicy policy) {
        return new DatasetOptions(name, policy, minRating, ratingType, defaultType);
    }

    public DatasetOptions withMinRating(final double threshold) {
        return new DatasetOptions(name, cancellationPolicy, threshold, ratingType, defaultType);
    }

    public DatasetOptions withRatingType(final InteractionType type) {
        return new DatasetOptions(name, cancellationPolicy, minRating, type, defaultType);
    }

    public DatasetOptions withDefaultType(final InteractionType type) {
        return new DatasetOptions(name, cancellationPolicy, minRating, ratingType, type);
    }

    private static void checkType(final String option, final InteractionType type) {
        // UNKNOWN is what the ingest dead-letters; producing it on purpose would be a bug.
        if (type == null || type == InteractionType.UNKNOWN) {
            throw new DatasetException("dataset option " + option
                    + " must be VIEW, CLICK, ADD_TO_CART or PURCHASE, got " + type);
        }
    }
}
