package io.distill.teacher;

import io.distill.ranking.InteractionWeights;
import java.time.Duration;

/**
 * Everything that decides what the teacher says. The worker builds it from {@code TeacherConfig}; the
 * offline evaluation builds it directly, so both run the very same teacher.
 *
 * @param lambda            L2 weight on the item-item matrix
 * @param itemCap           the teacher ranks only the this-many most frequent items
 * @param transform         how accumulated interaction weights become matrix cells
 * @param weights           weight of each interaction type
 * @param topK              teacher top-K candidates per soft label
 * @param negatives         uniformly sampled negatives per soft label
 * @param temperature       written into soft labels: the temperature the teacher's logits are meant for
 * @param refitMinEvents    first fit after this many events; refit gaps double from here...
 * @param refitMaxEvents    ...up to this many events between fits
 * @param swapDelayEvents   a fit started after event n is installed exactly before event n + delay (at most half
 *                          the gap to the next fit), so labels are a deterministic function of the log while the
 *                          fit runs in the background; -1 installs fits as soon as they finish
 * @param refitInterval     also refit after this much wall time with new events (ZERO: never); makes labels
 *                          depend on timing
 * @param seed              seed of the negative sampler
 * @param recencyHalfLife   a history item's cell is halved for every this-many later events of the user (0:
 *                          off), so the latest interactions speak loudest
 * @param sequenceWeight    weight in [0, 1) of the next-item term of the fit: 0 is plain EASE (reconstruct
 *                          each user's items); above 0 the fit also regresses every event's item on the
 *                          user's recency-weighted history just before it (SLIST-style)
 * @param sequenceWindow    how many of the user's latest events make up that history in the fit
 */
public record TeacherSettings(double lambda, int itemCap, CellTransform transform, InteractionWeights weights, int topK,
                              int negatives, float temperature, long refitMinEvents, long refitMaxEvents,
                              long swapDelayEvents, Duration refitInterval, long seed, float recencyHalfLife,
                              float sequenceWeight, int sequenceWindow) {

    public static final TeacherSettings DEFAULT = builder().build();

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
        require(swapDelayEvents >= -1, "swapDelayEvents must be -1 (install when ready) or >= 0, got " + swapDelayEvents);
        require(refitInterval != null && !refitInterval.isNegative(), "refitInterval must be >= 0");
        require(recencyHalfLife >= 0 && Float.isFinite(recencyHalfLife), "recencyHalfLife must be >= 0, got " + recencyHalfLife);
        require(sequenceWeight >= 0 && sequenceWeight < 1, "sequenceWeight must be in [0, 1), got " + sequenceWeight);
        require(sequenceWindow >= 1 && sequenceWindow <= 1000, "sequenceWindow must be in [1, 1000], got " + sequenceWindow);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean deterministic() {
        return swapDelayEvents >= 0;
    }

    public TeacherSettings withLambda(final double value) {
        return toBuilder().lambda(value).build();
    }

    public TeacherSettings withItemCap(final int value) {
        return toBuilder().itemCap(value).build();
    }

    public TeacherSettings withCandidates(final int k, final int negativeCount) {
        return toBuilder().topK(k).negatives(negativeCount).build();
    }

    public TeacherSettings withTemperature(final float value) {
        return toBuilder().temperature(value).build();
    }

    public TeacherSettings withRefit(final long minEvents, final long maxEvents, final long swapDelay) {
        return toBuilder().refitMinEvents(minEvents).refitMaxEvents(maxEvents).swapDelayEvents(swapDelay).build();
    }

    public TeacherSettings withTransform(final CellTransform value) {
        return toBuilder().transform(value).build();
    }

    public TeacherSettings withRecencyHalfLife(final float value) {
        return toBuilder().recencyHalfLife(value).build();
    }

    public TeacherSettings withSequence(final float weight, final int window) {
        return toBuilder().sequenceWeight(weight).sequenceWindow(window).build();
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds settings from the defaults; every setter returns the builder. */
    public static final class Builder {
        private double lambda = 100.0;
        private int itemCap = 5000;
        private CellTransform transform = CellTransform.LOG1P;
        private InteractionWeights weights = InteractionWeights.DEFAULT;
        private int topK = 50;
        private int negatives = 50;
        private float temperature = 1.0f;
        private long refitMinEvents = 1000;
        private long refitMaxEvents = 10_000;
        private long swapDelayEvents = 500;
        private Duration refitInterval = Duration.ZERO;
        private long seed = 42L;
        private float recencyHalfLife = 2.0f;
        private float sequenceWeight = 0.8f;
        private int sequenceWindow = 20;

        private Builder() {
        }

        private Builder(final TeacherSettings s) {
            lambda = s.lambda;
            itemCap = s.itemCap;
            transform = s.transform;
            weights = s.weights;
            topK = s.topK;
            negatives = s.negatives;
            temperature = s.temperature;
            refitMinEvents = s.refitMinEvents;
            refitMaxEvents = s.refitMaxEvents;
            swapDelayEvents = s.swapDelayEvents;
            refitInterval = s.refitInterval;
            seed = s.seed;
            recencyHalfLife = s.recencyHalfLife;
            sequenceWeight = s.sequenceWeight;
            sequenceWindow = s.sequenceWindow;
        }

        public Builder lambda(final double value) {
            lambda = value;
            return this;
        }

        public Builder itemCap(final int value) {
            itemCap = value;
            return this;
        }

        public Builder transform(final CellTransform value) {
            transform = value;
            return this;
        }

        public Builder weights(final InteractionWeights value) {
            weights = value;
            return this;
        }

        public Builder topK(final int value) {
            topK = value;
            return this;
        }

        public Builder negatives(final int value) {
            negatives = value;
            return this;
        }

        public Builder temperature(final float value) {
            temperature = value;
            return this;
        }

        public Builder refitMinEvents(final long value) {
            refitMinEvents = value;
            return this;
        }

        public Builder refitMaxEvents(final long value) {
            refitMaxEvents = value;
            return this;
        }

        public Builder swapDelayEvents(final long value) {
            swapDelayEvents = value;
            return this;
        }

        public Builder refitInterval(final Duration value) {
            refitInterval = value;
            return this;
        }

        public Builder seed(final long value) {
            seed = value;
            return this;
        }

        public Builder recencyHalfLife(final float value) {
            recencyHalfLife = value;
            return this;
        }

        public Builder sequenceWeight(final float value) {
            sequenceWeight = value;
            return this;
        }

        public Builder sequenceWindow(final int value) {
            sequenceWindow = value;
            return this;
        }

        public TeacherSettings build() {
            return new TeacherSettings(lambda, itemCap, transform, weights, topK, negatives, temperature, refitMinEvents,
                refitMaxEvents, swapDelayEvents, refitInterval, seed, recencyHalfLife, sequenceWeight, sequenceWindow);
        }
    }
}
