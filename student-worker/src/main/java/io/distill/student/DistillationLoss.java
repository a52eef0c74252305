package io.distill.student;

/**
 * The student's per-event objective and its gradient with respect to the student's logits:
 *
 * <pre>
 *   L = α·T²·KL( softmax(t/T) ‖ softmax(s/T) )   over the teacher's candidates
 *     + (1−α)·CE( softmax(s), positive )         over the hard positive and sampled negatives
 * </pre>
 *
 * The T² factor keeps the soft term's gradient on the same scale as the hard term's whatever the
 * temperature (Hinton et al., 2015): ∂/∂s_j of the first term is α·T·(q_j − p_j).
 *
 * <p>Logits live in slots (one per distinct item of the update); the soft term reads the slots listed
 * in {@code soft}, the hard term those listed in {@code hard}; the two lists may share slots. Reusable
 * buffers, no allocation per call; not thread-safe.
 */
public final class DistillationLoss {
    private double[] buffer = new double[64];
    private double lastSoft;
    private double lastHard;

    /**
     * Computes the loss and writes ∂L/∂s into {@code gradient[0 .. slots)}.
     *
     * @param s           student logit of every slot
     * @param soft        slots of the teacher's candidates, {@code m} of them
     * @param t           teacher logit of each of those, in the same order
     * @param m           number of candidates (0 for a hard-label-only update)
     * @param hard        slots of the hard term: the positive and the negatives, {@code c} of them
     * @param c           number of hard slots
     * @param positive    position of the positive within {@code hard}
     * @param temperature T &gt; 0
     * @param alpha       weight of the soft term, in [0, 1]
     * @param slots       number of slots (gradient entries to write)
     * @return the loss
     */
    public double compute(final float[] s, final int[] soft, final float[] t, final int m, final int[] hard, final int c,
                          final int positive, final float temperature, final float alpha, final float[] gradient, final int slots) {
        if (buffer.length < Math.max(m, c)) {
            buffer = new double[Math.max(m, c) * 2];
        }
        for (int j = 0; j < slots; j++) {
            gradient[j] = 0f;
        }
        double softLoss = 0;
        if (alpha > 0f && m > 0) {
            softLoss = softTerm(s, soft, t, m, temperature, alpha, gradient);
        }
        double hardLoss = 0;
        if (alpha < 1f && c > 0) {
            hardLoss = hardTerm(s, hard, c, positive, 1f - alpha, gradient);
        }
        lastSoft = softLoss;
        lastHard = hardLoss;
        return alpha * temperature * temperature * softLoss + (1f - alpha) * hardLoss;
    }

    /** KL(p ‖ q) of the last call, before weighting. */
    public double lastKl() {
        return lastSoft;
    }

    /** Cross-entropy of the last call, before weighting. */
    public double lastCrossEntropy() {
        return lastHard;
    }

    private double softTerm(final float[] s, final int[] soft, final float[] t, final int m, final float temperature,
                            final float alpha, final float[] gradient) {
        final double invT = 1.0 / temperature;
        double maxT = Double.NEGATIVE_INFINITY;
        double maxS = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            maxT = Math.max(maxT, t[j] * invT);
            maxS = Math.max(maxS, s[soft[j]] * invT);
        }
        double sumT = 0;
        double sumS = 0;
        for (int j = 0; j < m; j++) {
            sumT += Math.exp(t[j] * invT - maxT);
            final double e = Math.exp(s[soft[j]] * invT - maxS);
            buffer[j] = e;
            sumS += e;
        }
        final double logZt = maxT + Math.log(sumT);
        final double logZs = maxS + Math.log(sumS);
        final double scale = alpha * temperature;
        double kl = 0;
        for (int j = 0; j < m; j++) {
            final double logP = t[j] * invT - logZt;
            final double logQ = s[soft[j]] * invT - logZs;
            final double p = Math.exp(logP);
            final double q = buffer[j] / sumS;
            if (p > 0) {
                kl += p * (logP - logQ);
            }
            gradient[soft[j]] += (float) (scale * (q - p));
        }
        return kl;
    }

    private double hardTerm(final float[] s, final int[] hard, final int c, final int positive, final float weight,
                            final float[] gradient) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, s[hard[j]]);
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
            final double e = Math.exp(s[hard[j]] - max);
            buffer[j] = e;
            sum += e;
        }
        for (int j = 0; j < c; j++) {
            final double r = buffer[j] / sum;
            gradient[hard[j]] += (float) (weight * (r - (j == positive ? 1.0 : 0.0)));
        }
        return -(s[hard[positive]] - max - Math.log(sum));
    }
}
