package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The EASE fit with a next-item term (SLIST-style), checked against its definition. */
class SequenceFitTest {

    /**
     * The optimum of (1−β)‖X − XB‖² + β‖T − HB‖² + λ‖B‖² with diag(B) = 0 satisfies (A·B − R)_ij = 0 off the
     * diagonal, A = (1−β)XᵀX + βHᵀH + λI, R = (1−β)XᵀX + βHᵀT. X, H and T are built here from their
     * definitions, independently of the fitter's accumulation.
     */
    @Test
    void satisfiesTheOptimalityConditionsOfItsObjective() {
        final int items = 6;
        final double lambda = 2.0;
        final float beta = 0.6f;
        final int window = 3;
        final float halfLife = 2f;
        final InteractionLog log = new InteractionLog();
        final SplittableRandom random = new SplittableRandom(5);
        final String[][] sequences = new String[8][];
        for (int u = 0; u < sequences.length; u++) {
            sequences[u] = new String[6 + random.nextInt(6)];
            for (int t = 0; t < sequences[u].length; t++) {
                sequences[u][t] = "i" + random.nextInt(items);
                log.record("u" + u, sequences[u][t], 1f);
            }
        }
        final EaseModel model = new EaseFitter(lambda, 100, CellTransform.LOG1P, beta, window, halfLife).fit(log.snapshot(true));
        final int m = model.columns();
        assertThat(m).isEqualTo(items);
        final double[][] b = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                b[i][j] = model.weights().getDouble(i, j);
            }
        }
        // X: one row per user, cells log1p(count); H/T: one row per event whose item is not in its window
        final double[][] a = new double[m][m];
        final double[][] r = new double[m][m];
        for (final String[] sequence : sequences) {
            final double[] x = new double[m];
            for (final String item : sequence) {
                x[column(model, item)] += 1;
            }
            for (int i = 0; i < m; i++) {
                x[i] = Math.log1p(x[i]);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    a[i][j] += (1 - beta) * x[i] * x[j];
                    r[i][j] += (1 - beta) * x[i] * x[j];
                }
            }
            for (int t = 1; t < sequence.length; t++) {
                final double[] h = new double[m];
                boolean targetInWindow = false;
                for (int s = Math.max(0, t - window); s < t; s++) {
                    final int c = column(model, sequence[s]);
                    targetInWindow |= sequence[s].equals(sequence[t]);
                    int count = 0;
                    int last = -1;
                    for (int q = 0; q < t; q++) {
                        if (sequence[q].equals(sequence[s])) {
                            count++;
                            last = q;
                        }
                    }
                    h[c] = Math.log1p(count) * Math.pow(0.5, ((t - 1) - last) / (double) halfLife);
                }
                if (targetInWindow) {
                    continue;
                }
                final int target = column(model, sequence[t]);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        a[i][j] += beta * h[i] * h[j];
                    }
                    r[i][target] += beta * h[i];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            a[i][i] += lambda;
        }
        for (int i = 0; i < m; i++) {
            assertThat(b[i][i]).isZero();
            for (int j = 0; j < m; j++) {
                if (i == j) {
                    continue;
                }
                double ab = 0;
                for (int k = 0; k < m; k++) {
                    ab += a[i][k] * b[k][j];
                }
                assertThat(ab - r[i][j]).as("(AB - R)[%d][%d]", i, j).isCloseTo(0.0, within(1e-3));
            }
        }
    }

    /** Users always buy a, then b, then c: after a the next item is b, after b it is c — order EASE alone cannot see. */
    @Test
    void learnsWhatComesNext() {
        final InteractionLog log = new InteractionLog();
        for (int u = 0; u < 50; u++) {
            log.record("u" + u, "a", 1f);
            log.record("u" + u, "b", 1f);
            log.record("u" + u, "c", 1f);
        }
        for (int u = 50; u < 60; u++) {
            log.record("u" + u, "d", 1f);
        }
        final EaseModel sequential = new EaseFitter(1.0, 10, CellTransform.BINARY, 0.9f, 1, 0f).fit(log.snapshot(true));
        final EaseModel plain = new EaseFitter(1.0, 10, CellTransform.BINARY).fit(log.snapshot());
        final int a = column(sequential, "a");
        final int b = column(sequential, "b");
        final int c = column(sequential, "c");
        // from a, the sequential model prefers b over c; plain EASE scores them alike (a co-occurs with both)
        assertThat(sequential.weights().getDouble(a, b)).isGreaterThan(sequential.weights().getDouble(a, c) + 0.1);
        assertThat(plain.weights().getDouble(column(plain, "a"), column(plain, "b")))
            .isCloseTo(plain.weights().getDouble(column(plain, "a"), column(plain, "c")), within(1e-6));
        // from b, c comes next
        assertThat(sequential.weights().getDouble(b, c)).isGreaterThan(sequential.weights().getDouble(b, a));
    }

    private static int column(final EaseModel model, final String item) {
        for (int i = 0; i < model.columns(); i++) {
            if (model.itemId(i).equals(item)) {
                return i;
            }
        }
        throw new AssertionError("no column for " + item);
    }
}
