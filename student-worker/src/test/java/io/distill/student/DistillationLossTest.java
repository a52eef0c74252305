package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistillationLossTest {

    /**
     * Seven candidate slots (0..6) carry teacher logits; the hard term uses the positive and negatives
     * in slots listed separately, overlapping the candidates (sharedSlots) or not.
     */
    @ParameterizedTest(name = "alpha={0} T={1} sharedSlots={2}")
    @CsvSource({"0.0,1.0,false", "1.0,1.0,false", "0.5,2.0,true", "0.7,3.0,false", "0.3,0.5,true"})
    void gradientMatchesCentralFiniteDifferences(final float alpha, final float temperature, final boolean sharedSlots) {
        final SplittableRandom random = new SplittableRandom(11);
        final int slots = 12;
        final float[] s = new float[slots];
        for (int j = 0; j < slots; j++) {
            s[j] = (float) random.nextGaussian();
        }
        final int m = 7;
        final int[] soft = {0, 1, 2, 3, 4, 5, 6};
        final float[] t = new float[m];
        for (int j = 0; j < m; j++) {
            t[j] = (float) (2 * random.nextGaussian());
        }
        final int[] hard = sharedSlots ? new int[] {2, 7, 8, 0, 9} : new int[] {7, 8, 9, 10, 11};
        final int c = hard.length;
        final DistillationLoss loss = new DistillationLoss();
        final float[] gradient = new float[slots];
        loss.compute(s, soft, t, m, hard, c, 0, temperature, alpha, gradient, slots);

        final double h = 1e-3;
        final float[] ignored = new float[slots];
        for (int j = 0; j < slots; j++) {
            final float original = s[j];
            s[j] = (float) (original + h);
            final double up = loss.compute(s, soft, t, m, hard, c, 0, temperature, alpha, ignored, slots);
            s[j] = (float) (original - h);
            final double down = loss.compute(s, soft, t, m, hard, c, 0, temperature, alpha, ignored, slots);
            s[j] = original;
            final double numeric = (up - down) / (2 * h);
            assertThat((double) gradient[j]).as("dL/ds[%d]", j).isCloseTo(numeric, within(2e-3));
        }
    }

    @Test
    void softTermIsZeroWhenStudentMatchesTeacherAndHardTermIsCrossEntropy() {
        final float[] t = {1f, 2f, 3f};
        final float[] s = t.clone();
        final int[] all = {0, 1, 2};
        final DistillationLoss loss = new DistillationLoss();
        final float[] gradient = new float[3];
        final double value = loss.compute(s, all, t, 3, all, 3, 2, 2f, 1f, gradient, 3);
        assertThat(value).isCloseTo(0.0, within(1e-9));
        for (final float g : gradient) {
            assertThat((double) g).isCloseTo(0.0, within(1e-9));
        }

        // hard only: CE = -log softmax(s)[2] = log(e^1 + e^2 + e^3) - 3
        final double ce = loss.compute(s, all, t, 3, all, 3, 2, 2f, 0f, gradient, 3);
        assertThat(ce).isCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, within(1e-6));
        assertThat(loss.lastCrossEntropy()).isCloseTo(ce, within(1e-12));
    }

    @Test
    void softTermIsScaledByTemperatureSquared() {
        final float[] t = {0f, 4f};
        final float[] s = {1f, 0f};
        final int[] all = {0, 1};
        final DistillationLoss loss = new DistillationLoss();
        final float[] gradient = new float[2];
        final double value = loss.compute(s, all, t, 2, all, 2, 1, 2f, 1f, gradient, 2);
        // p = softmax([0, 2]), q = softmax([0.5, 0])
        final double p1 = Math.exp(2) / (1 + Math.exp(2));
        final double p0 = 1 - p1;
        final double q0 = Math.exp(0.5) / (Math.exp(0.5) + 1);
        final double q1 = 1 - q0;
        final double kl = p0 * Math.log(p0 / q0) + p1 * Math.log(p1 / q1);
        assertThat(value).isCloseTo(4 * kl, within(1e-6));
        assertThat(loss.lastKl()).isCloseTo(kl, within(1e-6));
    }
}
