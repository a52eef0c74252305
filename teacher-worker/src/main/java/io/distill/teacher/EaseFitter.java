package io.distill.teacher;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits the teacher's item-item matrix B in closed form on a {@link LogSnapshot}, over the most frequent
 * items. With no sequence term this is EASE (Steck, WWW 2019): G = XᵀX (ND4J gemm, in row chunks so X
 * never exists densely in full), P = (G + λI)⁻¹ by Cholesky, B = I − P·diag(1/diag(P)).
 *
 * <p>With a sequence weight β &gt; 0 it is the session-aware generalisation of Choi et al. (SLIST,
 * WWW 2021): B minimises (1−β)·‖X − XB‖² + β·‖T − HB‖² + λ‖B‖² with diag(B) = 0, where each row of H is
 * a user's recency-weighted history just before one of their events (the same row the teacher scores
 * with) and T is that event's item. The closed form is B = B̂ − P·diag(B̂_jj / P_jj) with
 * P = ((1−β)XᵀX + βHᵀH + λI)⁻¹ and B̂ = P·((1−β)XᵀX + βHᵀT); at β = 0 it reduces to EASE. The first term
 * says which items go together, the second which items come next.
 *
 * <p>Stateless and thread-safe: fits run on a background thread while the labeller keeps going.
 */
public final class EaseFitter {
    /** Upper bound on the doubles of one dense chunk of X (128 MB). */
    private static final long CHUNK_BUDGET = 16L * 1024 * 1024;

    private final double lambda;
    private final int itemCap;
    private final CellTransform transform;
    private final float sequenceWeight;
    private final int sequenceWindow;
    private final float recencyHalfLife;

    public EaseFitter(final double lambda, final int itemCap, final CellTransform transform) {
        this(lambda, itemCap, transform, 0f, 1, 0f);
    }

    /**
     * @param sequenceWeight  β in [0, 1): weight of the next-item term (0 = plain EASE)
     * @param sequenceWindow  latest events of a user that make up a history row of H
     * @param recencyHalfLife decay of those rows, in events, as the teacher scores (0 = none)
     */
    public EaseFitter(final double lambda, final int itemCap, final CellTransform transform, final float sequenceWeight,
                      final int sequenceWindow, final float recencyHalfLife) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be > 0, got " + lambda);
        }
        if (itemCap < 1) {
            throw new IllegalArgumentException("item cap must be >= 1, got " + itemCap);
        }
        if (!(sequenceWeight >= 0 && sequenceWeight < 1)) {
            throw new IllegalArgumentException("sequence weight must be in [0, 1), got " + sequenceWeight);
        }
        this.lambda = lambda;
        this.itemCap = itemCap;
        this.transform = transform;
        this.sequenceWeight = sequenceWeight;
        this.sequenceWindow = sequenceWindow;
        this.recencyHalfLife = recencyHalfLife;
    }

    /** Whether fits need the snapshot's event sequences. */
    public boolean needsSequences() {
        return sequenceWeight > 0;
    }

    public EaseModel fit(final LogSnapshot log) {
        final long started = System.nanoTime();
        final String[] catalogue = log.itemIds();
        final int[] byCount = mostFrequentFirst(log.itemCounts(), catalogue.length);
        final int m = Math.min(itemCap, byCount.length);
        final int[] catalogueToColumn = new int[catalogue.length];
        Arrays.fill(catalogueToColumn, -1);
        final String[] itemIds = new String[m];
        for (int column = 0; column < m; column++) {
            catalogueToColumn[byCount[column]] = column;
            itemIds[column] = catalogue[byCount[column]];
        }

        final float[] b = sequenceWeight > 0 ? fitWithSequences(log, catalogueToColumn, m) : fitEase(log, catalogueToColumn, m);
        final INDArray weights = Nd4j.create(b, new long[] {m, m}, 'c');
        final float[] coldLogits = coldLogits(log.itemCounts(), byCount, m);
        final long fitMillis = (System.nanoTime() - started) / 1_000_000;
        final EaseModel.Provenance provenance = new EaseModel.Provenance(log.events(), log.rows(), catalogue.length, m, lambda,
            transform, fitMillis);
        return new EaseModel("ease@" + log.events(), itemIds, catalogueToColumn, weights, coldLogits, provenance);
    }

    /** Plain EASE: B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹. */
    private float[] fitEase(final LogSnapshot log, final int[] catalogueToColumn, final int m) {
        final double[] p = gram(log, catalogueToColumn, m);
        addToDiagonal(p, m, lambda);
        SymmetricInverse.invertInPlace(p, m);
        final float[] b = new float[m * m];
        for (int i = 0; i < m; i++) {
            final int row = i * m;
            for (int j = 0; j < m; j++) {
                b[row + j] = i == j ? 0f : (float) (-p[row + j] / p[j * m + j]);
            }
        }
        return b;
    }

    /** EASE with the next-item term (see the class comment). */
    private float[] fitWithSequences(final LogSnapshot log, final int[] catalogueToColumn, final int m) {
        if (!log.hasSequences()) {
            throw new IllegalArgumentException("a fit with a sequence term needs a snapshot with sequences");
        }
        final double itemWeight = 1.0 - sequenceWeight;
        final double[] a = gram(log, catalogueToColumn, m);
        for (int i = 0; i < a.length; i++) {
            a[i] *= itemWeight;
        }
        final double[] r = a.clone();
        accumulateSequences(log, catalogueToColumn, m, a, r);
        addToDiagonal(a, m, lambda);
        SymmetricInverse.invertInPlace(a, m);
        final INDArray pr = Nd4j.create(a, new long[] {m, m}, 'c').mmul(Nd4j.create(r, new long[] {m, m}, 'c'));
        final double[] bHat = pr.data().asDouble();
        final float[] b = new float[m * m];
        final double[] mu = new double[m];
        for (int j = 0; j < m; j++) {
            mu[j] = bHat[j * m + j] / a[j * m + j];
        }
        for (int i = 0; i < m; i++) {
            final int row = i * m;
            for (int j = 0; j < m; j++) {
                b[row + j] = i == j ? 0f : (float) (bHat[row + j] - a[row + j] * mu[j]);
            }
        }
        return b;
    }

    /**
     * Adds β·HᵀH to {@code a} and β·HᵀT to {@code r}: one training row per event whose item is a model
     * column and not already in the user's window, the row being the user's recency-weighted history over
     * the window just before that event (values as the teacher scores them).
     */
    private void accumulateSequences(final LogSnapshot log, final int[] catalogueToColumn, final int m, final double[] a,
                                     final double[] r) {
        final int catalogue = catalogueToColumn.length;
        final float[] accumulated = new float[catalogue];
        final int[] lastSeen = new int[catalogue];
        final int[] stamp = new int[catalogue];
        Arrays.fill(stamp, -1);
        final int[] windowColumns = new int[sequenceWindow];
        final double[] windowValues = new double[sequenceWindow];
        final double beta = sequenceWeight;
        int stampCounter = 0;
        for (int user = 0; user < log.rows(); user++) {
            final int from = log.eventStart()[user];
            final int to = log.eventStart()[user + 1];
            for (int t = from; t < to; t++) {
                final int target = catalogueToColumn[log.eventItems()[t]];
                // the user's distinct items among their last `window` events before t, most recent first
                final int mark = stampCounter++;
                int k = 0;
                boolean targetInWindow = false;
                for (int s = t - 1; s >= from && s >= t - sequenceWindow; s--) {
                    final int item = log.eventItems()[s];
                    if (stamp[item] == mark) {
                        continue;
                    }
                    stamp[item] = mark;
                    if (item == log.eventItems()[t]) {
                        targetInWindow = true;
                    }
                    final int column = catalogueToColumn[item];
                    if (column >= 0) {
                        final int age = (t - 1) - lastSeen[item];
                        final double decay = recencyHalfLife > 0 ? Math.pow(0.5, age / (double) recencyHalfLife) : 1.0;
                        windowColumns[k] = column;
                        windowValues[k] = transform.apply(accumulated[item]) * decay;
                        k++;
                    }
                }
                if (k > 0 && target >= 0 && !targetInWindow) {
                    for (int x = 0; x < k; x++) {
                        final int row = windowColumns[x] * m;
                        final double vx = beta * windowValues[x];
                        for (int y = 0; y < k; y++) {
                            a[row + windowColumns[y]] += vx * windowValues[y];
                        }
                        r[row + target] += vx;
                    }
                }
                final int item = log.eventItems()[t];
                accumulated[item] += log.eventWeights()[t];
                lastSeen[item] = t;
            }
            // reset this user's running state
            for (int t = from; t < to; t++) {
                accumulated[log.eventItems()[t]] = 0f;
            }
        }
        // lastSeen needs no reset: an item in a user's window was seen, and its entry written, by that user
    }

    private static void addToDiagonal(final double[] a, final int m, final double value) {
        for (int i = 0; i < m; i++) {
            a[i * m + i] += value;
        }
    }

    /** XᵀX restricted to the model columns, as a row-major m×m double array. */
    private double[] gram(final LogSnapshot log, final int[] catalogueToColumn, final int m) {
        final INDArray g = Nd4j.zeros(DataType.DOUBLE, m, m);
        final int chunkRows = (int) Math.max(1, Math.min(log.rows(), CHUNK_BUDGET / m));
        final double[] chunk = new double[chunkRows * m];
        int filled = 0;
        for (int r = 0; r < log.rows(); r++) {
            boolean any = false;
            final int base = filled * m;
            for (int at = log.rowStart()[r]; at < log.rowStart()[r + 1]; at++) {
                final int column = catalogueToColumn[log.columns()[at]];
                if (column >= 0) {
                    chunk[base + column] = transform.apply(log.values()[at]);
                    any = true;
                }
            }
            if (any && ++filled == chunkRows) {
                accumulate(g, chunk, filled, m);
                Arrays.fill(chunk, 0.0);
                filled = 0;
            }
        }
        if (filled > 0) {
            accumulate(g, chunk, filled, m);
        }
        return g.data().asDouble();
    }

    private static void accumulate(final INDArray g, final double[] chunk, final int rows, final int m) {
        final INDArray x = Nd4j.create(Arrays.copyOf(chunk, rows * m), new long[] {rows, m}, 'c');
        Nd4j.gemm(x, x, g, true, false, 1.0, 1.0);
    }

    /** Catalogue indices ordered by count descending, ties by index (first seen first). */
    private static int[] mostFrequentFirst(final float[] counts, final int n) {
        return IntStream.range(0, n).boxed()
            .sorted(Comparator.<Integer>comparingDouble(i -> -counts[i]).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue).toArray();
    }

    private static float[] coldLogits(final float[] counts, final int[] byCount, final int m) {
        final float[] logits = new float[m];
        for (int column = 0; column < m; column++) {
            logits[column] = (float) Math.log1p(counts[byCount[column]]);
        }
        Standardise.inPlace(logits, 0, m);
        return logits;
    }
}
