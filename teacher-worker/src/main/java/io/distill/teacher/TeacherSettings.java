package io.distill.teacher;

import io.distill.ranking.InteractionWeights;
import java.time.Duration;

/**
 * Everything that decides what the teacher says. The worker builds it from {@code TeacherConfig}; the
 * offline evaluation builds it directly, so both run the very same teacher.
 *
 * @param lambda            EASE L2 weight on the item-item matrix
 * @param itemCap           the teacher ranks only the this-many most frequent items
 * @param transform         how accumulated interaction weights become matrix cells
 * @param weights           weight of each interaction type
 * @param topK              teacher top-K candidates per soft label
 * @param negatives         uniformly sampled negatives per soft label
 * @param temperature       written into soft labels: the temperature the teacher's logits are meant for
 * @param refitMinEvents    first fit after this many events; refit gaps double from here...
 * @param refitMaxEvents    ...up to this many events between fits
 * @param swapDelayEvents   a fit started after event n is installed exactly before event n + delay, so labels
 *                          are a deterministic function of the log; -1 installs fits as soon as they finish
 * @param refitInterval     also refit after this much wall time with new events (ZERO: never); makes labels
 *                          depend on timing
 * @param seed              seed of the negative sampler
 * @param recencyHalfLife   when scoring, a history item's cell is halved for every this-many later events of
 *                          the user (0: off), so the latest interactions speak loudest
 */
public record TeacherSettings(double lambda, int itemCap, CellTransform transform, InteractionWeights weights, int topK,
                              int negatives, float temperature, long refitMinEvents, long refitMaxEvents,
                              long swapDelayEvents, Duration refitInterval, long seed, float recencyHalfLife) {

    public static final TeacherSettings DEFAULT = new TeacherSettings(200.0, 5000, CellTransform.LOG1P,
        InteractionWeights.DEFAULT, 50, 50, 2.0f, 1000, 50_000, 500, Duration.ZERO, 42L, 0f);

    public TeacherSettings {
        require(lambda > 0 && Double.isFinite(lambda), "lambda must be a finite value > 0, got " + lambda);
        require(itemCap >= 1, "itemCap must be >= 1, got " + itemCap);
        require(transform != null && weights != null, "transform and weights are required");
        require(topK >= 1, "topK must be >= 1, got " + topK);
        require(negatives >= 0, "negatives must be >= 0, got " + negatives);
        require(temperature > 0 && Float.isFinite(temperature), "temperature must be a finite value > 0, got " + temperature);
        require(refitMinEvents >= 1, "refitMinEvents must be >= 1, got " + refitMinEvents);
        require(refitMaxEvents >= refitMinEvents, "refitMaxEvents (" + refitMaxEvents + ") must be >= refitMinEvents ("
            + refitMinEvents + ")");
        require(swapDelayEvents == -1 || (swapDelayEvents >= 0 && swapDelayEvents < refitMinEvents),
            "swapDelayEvents must be -1 (install when ready) or in [0, refitMinEvents), got " + swapDelayEvents);
        require(refitInterval != null && !refitInterval.isNegative(), "refitInterval must be >= 0");
        require(recencyHalfLife >= 0 && Float.isFinite(recencyHalfLife), "recencyHalfLife must be >= 0, got " + recencyHalfLife);
    }

    /** Settings without recency weighting. */
    public TeacherSettings(final double lambda, final int itemCap, final CellTransform transform, final InteractionWeights weights,
                           final int topK, final int negatives, final float temperature, final long refitMinEvents,
                           final long refitMaxEvents, final long swapDelayEvents, final Duration refitInterval, final long seed) {
        this(lambda, itemCap, transform, weights, topK, negatives, temperature, refitMinEvents, refitMaxEvents, swapDelayEvents,
            refitInterval, seed, 0f);
    }

    public TeacherSettings withRecencyHalfLife(final float value) {
        return new TeacherSettings(lambda, itemCap, transform, weights, topK, negatives, temperature, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, value);
    }

    public boolean deterministic() {
        return swapDelayEvents >= 0;
    }

    public TeacherSettings withLambda(final double value) {
        return new TeacherSettings(value, itemCap, transform, weights, topK, negatives, temperature, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife);
    }

    public TeacherSettings withItemCap(final int value) {
        return new TeacherSettings(lambda, value, transform, weights, topK, negatives, temperature, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife);
    }

    public TeacherSettings withCandidates(final int k, final int negativeCount) {
        return new TeacherSettings(lambda, itemCap, transform, weights, k, negativeCount, temperature, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife);
    }

    public TeacherSettings withTemperature(final float value) {
        return new TeacherSettings(lambda, itemCap, transform, weights, topK, negatives, value, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife);
    }

    public TeacherSettings withRefit(final long minEvents, final long maxEvents, final long swapDelay) {
        return new TeacherSettings(lambda, itemCap, transform, weights, topK, negatives, temperature, minEvents, maxEvents,
            swapDelay, refitInterval, seed, recencyHalfLife);
    }

    public TeacherSettings withTransform(final CellTransform value) {
        return new TeacherSettings(lambda, itemCap, value, weights, topK, negatives, temperature, refitMinEvents,
            refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
