package io.distill.datasets;

import java.time.Instant;
import java.util.Objects;

/**
 * Parameters of a {@link SyntheticStream}. {@link #DEFAULTS} is the tuned configuration the project's
 * quality tests rely on; {@link #validate()} names the first bad parameter.
 *
 * @param seed                      the only source of randomness: equal parameters give equal streams
 * @param users                     number of users
 * @param items                     number of items, dealt round-robin over the groups (sizes differ by at most 1)
 * @param groups                    number of item groups (genres)
 * @param events                    number of events in the stream
 * @param preferredGroupProbability p: chance an event picks one of the user's preferred groups; otherwise a
 *                                  uniformly random group (which may also be a preferred one)
 * @param secondGroupProbability    chance a user has two preferred groups rather than one
 * @param zipfExponent              s: within a group, the item of popularity rank r (from 1) is picked with
 *                                  probability proportional to 1 / r^s
 * @param typeMix                   relative weights of the event types, drawn independently of the item
 * @param start                     timestamp of the first event
 * @param meanGapMillis             mean of the exponential gap between consecutive events; every gap is at
 *                                  least 1 ms, so timestamps strictly increase
 * @param initialUserFraction       fraction of users active from the first event (at least one user)
 * @param arrivalWindow             the other users arrive at uniformly random event positions within the
 *                                  first {@code arrivalWindow} fraction of the stream
 */
public record SyntheticParams(long seed, int users, int items, int groups, long events,
                              double preferredGroupProbability, double secondGroupProbability, double zipfExponent,
                              TypeMix typeMix, Instant start, long meanGapMillis, double initialUserFraction,
                              double arrivalWindow) {

    /**
     * 500 users, 1000 items in 20 groups of 50, 50,000 events, p = 0.9, half the users with two preferred
     * groups, Zipf exponent 1, 70/20/7/3 views/clicks/carts/purchases, one event every 30 s on average from
     * 2024-01-01T00:00:00Z, 10% of users present at the start and the rest arriving during the first 80%.
     */
    public static final SyntheticParams DEFAULTS = new SyntheticParams(42L, 500, 1000, 20, 50_000L, 0.9, 0.5, 1.0,
            TypeMix.DEFAULT, Instant.parse("2024-01-01T00:00:00Z"), 30_000L, 0.1, 0.8);

    /** Relative weights of VIEW, CLICK, ADD_TO_CART and PURCHASE; they need not sum to 1. */
    public record TypeMix(double view, double click, double addToCart, double purchase) {
        /** Views far outnumber clicks, which outnumber carts, which outnumber purchases. */
        public static final TypeMix DEFAULT = new TypeMix(0.70, 0.20, 0.07, 0.03);

        double total() {
            return view + click + addToCart + purchase;
        }
    }

    /**
     * Checks every parameter.
     *
     * @return this, for chaining
     * @throws DatasetException naming the first invalid parameter
     */
    public SyntheticParams validate() {
        require(users >= 1, "users", "must be >= 1", users);
        require(groups >= 1, "groups", "must be >= 1", groups);
        require(items >= groups, "items", "must be >= groups (" + groups + ")", items);
        require(events >= 1, "events", "must be >= 1", events);
        require(probability(preferredGroupProbability), "preferredGroupProbability", "must be in [0, 1]",
                preferredGroupProbability);
        require(probability(secondGroupProbability), "secondGroupProbability", "must be in [0, 1]",
                secondGroupProbability);
        require(secondGroupProbability == 0.0 || groups >= 2, "secondGroupProbability", "must be 0 with one group",
                secondGroupProbability);
        require(zipfExponent >= 0.0 && Double.isFinite(zipfExponent), "zipfExponent", "must be finite and >= 0",
                zipfExponent);
        require(typeMix != null, "typeMix", "must be set", typeMix);
        require(weight(typeMix.view()) && weight(typeMix.click()) && weight(typeMix.addToCart())
                && weight(typeMix.purchase()) && typeMix.total() > 0.0, "typeMix",
                "weights must be finite, >= 0 and not all 0", typeMix);
        require(start != null, "start", "must be set", start);
        require(meanGapMillis >= 0, "meanGapMillis", "must be >= 0", meanGapMillis);
        require(initialUserFraction > 0.0 && initialUserFraction <= 1.0, "initialUserFraction", "must be in (0, 1]",
                initialUserFraction);
        require(probability(arrivalWindow), "arrivalWindow", "must be in [0, 1]", arrivalWindow);
        return this;
    }

    public SyntheticParams withSeed(final long newSeed) {
        return new SyntheticParams(newSeed, users, items, groups, events, preferredGroupProbability,
                secondGroupProbability, zipfExponent, typeMix, start, meanGapMillis, initialUserFraction,
                arrivalWindow);
    }

    public SyntheticParams withSize(final int newUsers, final int newItems, final int newGroups, final long newEvents) {
        return new SyntheticParams(seed, newUsers, newItems, newGroups, newEvents, preferredGroupProbability,
                secondGroupProbability, zipfExponent, typeMix, start, meanGapMillis, initialUserFraction,
                arrivalWindow);
    }

    public SyntheticParams withPreferredGroupProbability(final double p) {
        return new SyntheticParams(seed, users, items, groups, events, p, secondGroupProbability, zipfExponent,
                typeMix, start, meanGapMillis, initialUserFraction, arrivalWindow);
    }

    public SyntheticParams withZipfExponent(final double s) {
        return new SyntheticParams(seed, users, items, groups, events, preferredGroupProbability,
                secondGroupProbability, s, typeMix, start, meanGapMillis, initialUserFraction, arrivalWindow);
    }

    public SyntheticParams withTypeMix(final TypeMix mix) {
        return new SyntheticParams(seed, users, items, groups, events, preferredGroupProbability,
                secondGroupProbability, zipfExponent, mix, start, meanGapMillis, initialUserFraction, arrivalWindow);
    }

    public SyntheticParams withArrivals(final double initialFraction, final double window) {
        return new SyntheticParams(seed, users, items, groups, events, preferredGroupProbability,
                secondGroupProbability, zipfExponent, typeMix, start, meanGapMillis, initialFraction, window);
    }

    public SyntheticParams withTiming(final Instant newStart, final long newMeanGapMillis) {
        return new SyntheticParams(seed, users, items, groups, events, preferredGroupProbability,
                secondGroupProbability, zipfExponent, typeMix, newStart, newMeanGapMillis, initialUserFraction,
                arrivalWindow);
    }

    private static boolean probability(final double value) {
        return value >= 0.0 && value <= 1.0;
    }

    private static boolean weight(final double value) {
        return value >= 0.0 && Double.isFinite(value);
    }

    private static void require(final boolean ok, final String parameter, final String rule, final Object value) {
        if (!ok) {
            throw new DatasetException("synthetic parameter " + parameter + " " + rule + ", got "
                    + Objects.toString(value));
        }
    }
}
