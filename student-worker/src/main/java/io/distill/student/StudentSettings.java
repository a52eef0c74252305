package io.distill.student;

/**
 * Everything that decides what the student learns. The worker builds it from {@code StudentConfig}; the
 * offline evaluation builds it directly, so both run the very same student.
 *
 * @param dimension       latent factors per user and item
 * @param historyLength   recent items whose context factors make up the user representation (SVD++ style);
 *                        0 = plain matrix factorisation with free user factors only
 * @param userFactors     learn a free factor vector per user on top of the history part
 * @param learningRate    Adagrad base step
 * @param alpha           weight of the soft (teacher) term; 0 = hard labels only
 * @param temperature     distillation temperature; 0 = use the temperature written in each soft label
 * @param l2              L2 penalty on the factors touched by an update
 * @param initStd         standard deviation of the initial factors
 * @param adagradInitial  initial Adagrad accumulator (keeps the first steps from being full-size)
 * @param hardOnly        ignore the teacher entirely: learn from the hard positive against sampled negatives
 * @param sampledNegatives negatives the student samples itself for the hard term (hard-only mode)
 * @param topN            recommendations published per update
 * @param excludeSeen     never recommend items the user already interacted with
 * @param seed            seeds initial factors and sampled negatives (per id, so order does not matter)
 */
public record StudentSettings(int dimension, int historyLength, boolean userFactors, float learningRate, float alpha, float temperature, float l2, float initStd,
                              float adagradInitial, boolean hardOnly, int sampledNegatives, int topN, boolean excludeSeen,
                              long seed) {

    public static final StudentSettings DEFAULT = new StudentSettings(32, 50, true, 0.05f, 0.7f, 0f, 1e-5f, 0.05f, 0.1f, false, 100, 20,
        true, 7L);

    public StudentSettings {
        require(dimension >= 1 && dimension <= 1024, "dimension must be in [1, 1024], got " + dimension);
        require(historyLength >= 0 && historyLength <= 10_000, "historyLength must be in [0, 10000], got " + historyLength);
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

    /** The same student trained on hard labels only: the baseline distillation has to beat. */
    public StudentSettings asHardOnly() {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, 0f, temperature, l2, initStd, adagradInitial, true, sampledNegatives,
            topN, excludeSeen, seed);
    }

    public StudentSettings withDimension(final int value) {
        return new StudentSettings(value, historyLength, userFactors, learningRate, alpha, temperature, l2, initStd, adagradInitial, hardOnly,
            sampledNegatives, topN, excludeSeen, seed);
    }

    public StudentSettings withHistory(final int length, final boolean freeUserFactors) {
        return new StudentSettings(dimension, length, freeUserFactors, learningRate, alpha, temperature, l2, initStd, adagradInitial,
            hardOnly, sampledNegatives, topN, excludeSeen, seed);
    }

    public StudentSettings withLearningRate(final float value) {
        return new StudentSettings(dimension, historyLength, userFactors, value, alpha, temperature, l2, initStd, adagradInitial, hardOnly, sampledNegatives,
            topN, excludeSeen, seed);
    }

    public StudentSettings withAlpha(final float value) {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, value, temperature, l2, initStd, adagradInitial, hardOnly,
            sampledNegatives, topN, excludeSeen, seed);
    }

    public StudentSettings withTemperature(final float value) {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, alpha, value, l2, initStd, adagradInitial, hardOnly, sampledNegatives,
            topN, excludeSeen, seed);
    }

    public StudentSettings withL2(final float value) {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, alpha, temperature, value, initStd, adagradInitial, hardOnly,
            sampledNegatives, topN, excludeSeen, seed);
    }

    public StudentSettings withSampledNegatives(final int value) {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, alpha, temperature, l2, initStd, adagradInitial, hardOnly, value,
            topN, excludeSeen, seed);
    }

    public StudentSettings withTopN(final int value) {
        return new StudentSettings(dimension, historyLength, userFactors, learningRate, alpha, temperature, l2, initStd, adagradInitial, hardOnly,
            sampledNegatives, value, excludeSeen, seed);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
