package io.distill.teacher;

/**
 * Turns raw teacher scores into logits on a fixed scale: zero mean, unit standard deviation over the
 * scored catalogue. EASE scores have no natural scale (they shrink as λ grows), so without this the
 * temperature would mean something different after every refit.
 */
final class Standardise {
    private Standardise() {
    }

    /**
     * Standardises {@code v[from .. from+n)} in place.
     *
     * @return false (leaving the values at zero) when they are all equal: the scores say nothing
     */
    static boolean inPlace(final float[] v, final int from, final int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += v[i];
        }
        final double mean = sum / n;
        double squares = 0;
        for (int i = from; i < from + n; i++) {
            final double d = v[i] - mean;
            squares += d * d;
        }
        final double std = Math.sqrt(squares / n);
        if (!(std > 1e-12)) {
            for (int i = from; i < from + n; i++) {
                v[i] = 0f;
            }
            return false;
        }
        final float scale = (float) (1.0 / std);
        final float shift = (float) mean;
        for (int i = from; i < from + n; i++) {
            v[i] = (v[i] - shift) * scale;
        }
        return true;
    }
}
