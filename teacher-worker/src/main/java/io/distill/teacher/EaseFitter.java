package io.distill.teacher;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits EASE in closed form on a {@link LogSnapshot}: G = XᵀX over the most frequent items (ND4J gemm,
 * in row chunks so X never exists densely in full), P = (G + λI)⁻¹ by Cholesky, and
 * B = I − P·diag(1/diag(P)) with the diagonal forced to zero.
 *
 * <p>Stateless and thread-safe: fits run on a background thread while the labeller keeps going.
 */
public final class EaseFitter {
    /** Upper bound on the doubles of one dense chunk of X (128 MB). */
    private static final long CHUNK_BUDGET = 16L * 1024 * 1024;

    private final double lambda;
    private final int itemCap;
    private final CellTransform transform;

    public EaseFitter(final double lambda, final int itemCap, final CellTransform transform) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be > 0, got " + lambda);
        }
        if (itemCap < 1) {
            throw new IllegalArgumentException("item cap must be >= 1, got " + itemCap);
        }
        this.lambda = lambda;
        this.itemCap = itemCap;
        this.transform = transform;
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

        final double[] gram = gram(log, catalogueToColumn, m);
        for (int i = 0; i < m; i++) {
            gram[i * m + i] += lambda;
        }
        SymmetricInverse.invertInPlace(gram, m);
        final float[] b = new float[m * m];
        for (int i = 0; i < m; i++) {
            final int row = i * m;
            for (int j = 0; j < m; j++) {
                b[row + j] = i == j ? 0f : (float) (-gram[row + j] / gram[j * m + j]);
            }
        }
        final INDArray weights = Nd4j.create(b, new long[] {m, m}, 'c');
        final float[] coldLogits = coldLogits(log.itemCounts(), byCount, m);
        final long fitMillis = (System.nanoTime() - started) / 1_000_000;
        final EaseModel.Provenance provenance = new EaseModel.Provenance(log.events(), log.rows(), catalogue.length, m, lambda,
            transform, fitMillis);
        return new EaseModel("ease@" + log.events(), itemIds, catalogueToColumn, weights, coldLogits, provenance);
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
