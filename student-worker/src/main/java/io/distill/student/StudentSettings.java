package io.distill.student;

/**
 * Everything that decides what the student learns. The worker builds it from {@code StudentConfig}; the
 * offline evaluation builds it directly, so both run the very same student.
 *
 * @param dimension        latent factors per user and item
 * @param historyLength    recent items whose context factors make up the user representation (SVD++
 *                         style); 0 = plain matrix factorisation with free user factors only
 * @param historyHalfLife  weight of a recent item halves for every this-many newer items (0: all equal)
 * @param userFactors      learn a free factor vector per user on top of the history part
 * @param learningRate     Adagrad base step
 * @param alpha            weight of the soft (teacher) term; 0 = hard labels only
 * @param temperature      distillation temperature; 0 = use the temperature written in each soft label
 * @param l2               L2 penalty on the factors touched by an update
 * @param initStd          standard deviation of the initial factors
 * @param adagradInitial   initial Adagrad accumulator (keeps the first steps from being full-size)
 * @param hardOnly         ignore the teacher entirely: learn from the hard positive against sampled negatives
 * @param sampledNegatives negatives the student samples itself for the hard term
 * @param topN             recommendations published per update
 * @param excludeSeen      never recommend items the user already interacted with
 * @param seed             seeds initial factors and sampled negatives (per id, so order does not matter)
 */
public record StudentSettings(int dimension, int historyLength, float historyHalfLife, boolean userFactors, float learningRate,
                              float alpha, float temperature, float l2, float initStd, float adagradInitial, boolean hardOnly,
                              int sampledNegatives, int topN, boolean excludeSeen, long seed) {

    public static final StudentSettings DEFAULT = builder().build();

    public StudentSettings {
        require(dimension >= 1 && dimension <= 1024, "dimension must be in [1, 1024], got " + dimension);
        require(historyLength >= 0 && historyLength <= 10_000, "historyLength must be in [0, 10000], got " + historyLength);
        require(historyHalfLife >= 0 && Float.isFinite(historyHalfLife), "historyHalfLife must be >= 0, got " + historyHalfLife);
        require(historyLength > 0 || userFactors, "with historyLength 0 the user factors are the only user representation: enable them");
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate must be a finite value > 0, got " + learningRate);
        require(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1], got " + alpha);
        require(temperature >= 0 && Float.isFinite(temperature), "temperature must be >= 0 (0 = from the label), got " + temperature);
        require(l2 >= 0 && Float.isFinite(l2), "l2 must be a finite value >= 0, got " + l2);
        require(initStd >= 0 && Float.isFinite(initStd), "initStd must be a finite value >= 0, got " + initStd);
        require(adagradInitial > 0 && Float.isFinite(adagradInitial), "adagradInitial must be > 0, got " + adagradInitial);
        require(sampledNegatives >= 1, "sampledNegatives must be >= 1, got " + sampledNegatives);
        require(topN >= 1, "topN must be >= 1, got " + topN);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The same student trained on hard labels only: the baseline distillation has to beat. */
    public StudentSettings asHardOnly() {
        return toBuilder().alpha(0f).hardOnly(true).build();
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds settings from the defaults; every setter returns the builder. */
    public static final class Builder {
        private int dimension = 64;
        private int historyLength = 50;
        private float historyHalfLife = 1.0f;
        private boolean userFactors;
        private float learningRate = 0.2f;
        private float alpha = 0.3f;
        private float temperature;
        private float l2 = 1e-5f;
        private float initStd = 0.05f;
        private float adagradInitial = 0.1f;
        private boolean hardOnly;
        private int sampledNegatives = 100;
        private int topN = 20;
        private boolean excludeSeen = true;
        private long seed = 7L;

        private Builder() {
        }

        private Builder(final StudentSettings s) {
            dimension = s.dimension;
            historyLength = s.historyLength;
            historyHalfLife = s.historyHalfLife;
            userFactors = s.userFactors;
            learningRate = s.learningRate;
            alpha = s.alpha;
            temperature = s.temperature;
            l2 = s.l2;
            initStd = s.initStd;
            adagradInitial = s.adagradInitial;
            hardOnly = s.hardOnly;
            sampledNegatives = s.sampledNegatives;
            topN = s.topN;
            excludeSeen = s.excludeSeen;
            seed = s.seed;
        }

        public Builder dimension(final int value) {
            dimension = value;
            return this;
        }

        public Builder historyLength(final int value) {
            historyLength = value;
            return this;
        }

        public Builder historyHalfLife(final float value) {
            historyHalfLife = value;
            return this;
        }

        public Builder userFactors(final boolean value) {
            userFactors = value;
            return this;
        }

        public Builder learningRate(final float value) {
            learningRate = value;
            return this;
        }

        public Builder alpha(final float value) {
            alpha = value;
            return this;
        }

        public Builder temperature(final float value) {
            temperature = value;
            return this;
        }

        public Builder l2(final float value) {
            l2 = value;
            return this;
        }

        public Builder initStd(final float value) {
            initStd = value;
            return this;
        }

        public Builder adagradInitial(final float value) {
            adagradInitial = value;
            return this;
        }

        public Builder hardOnly(final boolean value) {
            hardOnly = value;
            return this;
        }

        public Builder sampledNegatives(final int value) {
            sampledNegatives = value;
            return this;
        }

        public Builder topN(final int value) {
            topN = value;
            return this;
        }

        public Builder excludeSeen(final boolean value) {
            excludeSeen = value;
            return this;
        }

        public Builder seed(final long value) {
            seed = value;
            return this;
        }

        public StudentSettings build() {
            return new StudentSettings(dimension, historyLength, historyHalfLife, userFactors, learningRate, alpha, temperature, l2,
                initStd, adagradInitial, hardOnly, sampledNegatives, topN, excludeSeen, seed);
        }
    }
}
