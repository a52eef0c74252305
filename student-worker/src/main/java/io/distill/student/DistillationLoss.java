package io.distill.student;

/**
 * The student's per-event objective and its gradient with respect to the student's logits:
 *
 * <pre>
 *   L = α·T²·KL( softmax(t/T) ‖ softmax(s/T) )  over the teacher's candidates
 *     + (1−α)·CE( softmax(s), positive )        over the candidates plus the hard positive
 * </pre>
 *
 * The T² factor keeps the soft term's gradient on the same scale as the hard term's whatever the
 * temperature (Hinton et al., 2015): ∂/∂s_j of the first term is α·T·(q_j − p_j).
 *
 * <p>Slots {@code [0, m)} carry teacher logits; the positive is one of them or, when the teacher could
 * not rank it, the extra slot {@code m}. Reusable buffers, no allocation per call; not thread-safe.
 */
public final class DistillationLoss {
    private double[] buffer = new double[64];
    private double lastSoft;
    private double lastHard;

    /**
     * Computes the loss and writes ∂L/∂s into {@code gradient[0 .. ceSize)}.
     *
     * @param s           student logits, one per slot
     * @param t           teacher logits for slots {@code [0, m)}
     * @param m           slots with a teacher logit (0 for a hard-label-only update)
     * @param positive    slot of the hard positive, in {@code [0, ceSize)}
     * @param ceSize      slots in the cross-entropy: m, or m + 1 when the positive is the extra slot
     * @param temperature T &gt; 0
     * @param alpha       weight of the soft term, in [0, 1]
     * @return the loss
     */
    public double compute(final float[] s, final float[] t, final int m, final int positive, final int ceSize,
                          final float temperature, final float alpha, final float[] gradient) {
        if (buffer.length < Math.max(m, ceSize)) {
            buffer = new double[Math.max(m, ceSize) * 2];
        }
        for (int j = 0; j < ceSize; j++) {
            gradient[j] = 0f;
        }
        double soft = 0;
        if (alpha > 0f && m > 0) {
            soft = softTerm(s, t, m, temperature, alpha, gradient);
        }
        double hard = 0;
        if (alpha < 1f) {
            hard = hardTerm(s, positive, ceSize, 1f - alpha, gradient);
        }
        lastSoft = soft;
        lastHard = hard;
        return alpha * temperature * temperature * soft + (1f - alpha) * hard;
    }

    /** KL(p ‖ q) of the last call, before weighting. */
    public double lastKl() {
        return lastSoft;
    }

    /** Cross-entropy of the last call, before weighting. */
    public double lastCrossEntropy() {
        return lastHard;
    }

    private double softTerm(final float[] s, final float[] t, final int m, final float temperature, final float alpha,
                            final float[] gradient) {
        final double invT = 1.0 / temperature;
        // log-sum-exp of the teacher and of the student at temperature T
        double maxT = Double.NEGATIVE_INFINITY;
        double maxS = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            maxT = Math.max(maxT, t[j] * invT);
            maxS = Math.max(maxS, s[j] * invT);
        }
        double sumT = 0;
        double sumS = 0;
        for (int j = 0; j < m; j++) {
            sumT += Math.exp(t[j] * invT - maxT);
            final double e = Math.exp(s[j] * invT - maxS);
            buffer[j] = e;
            sumS += e;
        }
        final double logZt = maxT + Math.log(sumT);
        final double logZs = maxS + Math.log(sumS);
        final double scale = alpha * temperature;
        double kl = 0;
        for (int j = 0; j < m; j++) {
            final double logP = t[j] * invT - logZt;
            final double logQ = s[j] * invT - logZs;
            final double p = Math.exp(logP);
            final double q = buffer[j] / sumS;
            if (p > 0) {
                kl += p * (logP - logQ);
            }
            gradient[j] += (float) (scale * (q - p));
        }
        return kl;
    }

    private double hardTerm(final float[] s, final int positive, final int ceSize, final float weight, final float[] gradient) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < ceSize; j++) {
            max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j < ceSize; j++) {
            final double e = Math.exp(s[j] - max);
            buffer[j] = e;
            sum += e;
        }
        for (int j = 0; j < ceSize; j++) {
            final double r = buffer[j] / sum;
            gradient[j] += (float) (weight * (r - (j == positive ? 1.0 : 0.0)));
        }
        return -(s[positive] - max - Math.log(sum));
    }
}
