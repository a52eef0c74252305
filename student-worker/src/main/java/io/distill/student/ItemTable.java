package io.distill.student;

import io.distill.ranking.ItemIndex;
import io.distill.ranking.Popularity;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The student's item side, for every item the student has met: output factors q_i and biases b_i (what
 * an item is, as a recommendation), context factors y_i (what having interacted with the item says
 * about a user), their Adagrad accumulators, and item popularity. Output factors are stored
 * dimension-major (one array per latent dimension), so scoring the whole catalogue for a user is d
 * passes of a*x+y over contiguous memory, which the JIT vectorises; a full-catalogue ranking happens
 * twice per event. Context factors are read per item, so they are item-major.
 *
 * <p>Owned by one stream task (or one offline run); not thread-safe.
 */
public final class ItemTable {
    private final int dimension;
    private final float initStd;
    private final float adagradInitial;
    private final long seed;
    private final ItemIndex index = new ItemIndex(4096);
    private final Popularity popularity = new Popularity(4096);
    private float[][] factors;
    private float[][] factorAcc;
    private float[] bias;
    private float[] biasAcc;
    private final boolean context;
    private float[] contextFactors;
    private float[] contextAcc;

    public ItemTable(final StudentSettings settings) {
        this.dimension = settings.dimension();
        this.initStd = settings.initStd();
        this.adagradInitial = settings.adagradInitial();
        this.seed = settings.seed();
        final int capacity = 1024;
        this.factors = new float[dimension][capacity];
        this.factorAcc = new float[dimension][capacity];
        this.bias = new float[capacity];
        this.biasAcc = new float[capacity];
        this.context = settings.historyLength() > 0;
        this.contextFactors = new float[context ? capacity * dimension : 0];
        this.contextAcc = new float[context ? capacity * dimension : 0];
    }

    /** Index of the item, creating it (deterministic initial factors from its id) on first sight. */
    public int ensure(final String itemId) {
        final int before = index.size();
        final int i = index.getOrAdd(itemId);
        if (i == before) {
            grow(i + 1);
            final SplittableRandom random = Seeds.forId(seed, "item", itemId);
            for (int k = 0; k < dimension; k++) {
                factors[k][i] = (float) (random.nextGaussian() * initStd);
                factorAcc[k][i] = adagradInitial;
            }
            bias[i] = 0f;
            biasAcc[i] = adagradInitial;
            if (context) {
                final int base = i * dimension;
                for (int k = 0; k < dimension; k++) {
                    contextFactors[base + k] = (float) (random.nextGaussian() * initStd);
                    contextAcc[base + k] = adagradInitial;
                }
            }
        }
        return i;
    }

    /** Index of the item, or -1 if the student has never met it. */
    public int indexOf(final String itemId) {
        return index.indexOf(itemId);
    }

    public String idOf(final int i) {
        return index.idOf(i);
    }

    public int size() {
        return index.size();
    }

    public int dimension() {
        return dimension;
    }

    public Popularity popularity() {
        return popularity;
    }

    /** out[i] = b_i + p·q_i for every item i. */
    public void scoreAll(final float[] user, final float[] out) {
        final int n = index.size();
        System.arraycopy(bias, 0, out, 0, n);
        for (int k = 0; k < dimension; k++) {
            final float pk = user[k];
            final float[] column = factors[k];
            for (int i = 0; i < n; i++) {
                out[i] += pk * column[i];
            }
        }
    }

    /** b_i + p·q_i for one item. */
    public float score(final float[] user, final int i) {
        float s = bias[i];
        for (int k = 0; k < dimension; k++) {
            s += user[k] * factors[k][i];
        }
        return s;
    }

    /** Adds {@code g}·p to {@code out}: the item side of the user gradient. */
    void addScaledFactors(final int i, final float g, final float[] out) {
        for (int k = 0; k < dimension; k++) {
            out[k] += g * factors[k][i];
        }
    }

    /** One Adagrad step on item i for logit gradient {@code g}, given the user's factors before the step. */
    void step(final int i, final float g, final float[] user, final float learningRate, final float l2) {
        for (int k = 0; k < dimension; k++) {
            final float q = factors[k][i];
            final float grad = g * user[k] + l2 * q;
            final float acc = factorAcc[k][i] + grad * grad;
            factorAcc[k][i] = acc;
            factors[k][i] = q - learningRate * grad / (float) Math.sqrt(acc);
        }
        final float acc = biasAcc[i] + g * g;
        biasAcc[i] = acc;
        bias[i] -= learningRate * g / (float) Math.sqrt(acc);
    }

    /** Adds {@code scale}·y_i to {@code out}: item i's contribution to a user representation. */
    void addContext(final int i, final float scale, final float[] out) {
        final int base = i * dimension;
        for (int k = 0; k < dimension; k++) {
            out[k] += scale * contextFactors[base + k];
        }
    }

    /** One Adagrad step on y_i for the gradient {@code scale}·{@code userGradient} (+ L2). */
    void stepContext(final int i, final float scale, final float[] userGradient, final float learningRate, final float l2) {
        final int base = i * dimension;
        for (int k = 0; k < dimension; k++) {
            final float y = contextFactors[base + k];
            final float grad = scale * userGradient[k] + l2 * y;
            final float acc = contextAcc[base + k] + grad * grad;
            contextAcc[base + k] = acc;
            contextFactors[base + k] = y - learningRate * grad / (float) Math.sqrt(acc);
        }
    }

    /** Bytes of one persisted item row: index, bias, bias accumulator, popularity, then q, its accumulators, y, its accumulators. */
    public int rowBytes() {
        return 4 * (4 + (context ? 4 : 2) * dimension);
    }

    /** Serialises item i (for a changelogged state store). */
    public byte[] writeRow(final int i) {
        final ByteBuffer buffer = ByteBuffer.allocate(rowBytes());
        buffer.putInt(i).putFloat(bias[i]).putFloat(biasAcc[i]).putFloat(popularity.count(i));
        for (int k = 0; k < dimension; k++) {
            buffer.putFloat(factors[k][i]);
        }
        for (int k = 0; k < dimension; k++) {
            buffer.putFloat(factorAcc[k][i]);
        }
        if (context) {
            final int base = i * dimension;
            for (int k = 0; k < dimension; k++) {
                buffer.putFloat(contextFactors[base + k]);
            }
            for (int k = 0; k < dimension; k++) {
                buffer.putFloat(contextAcc[base + k]);
            }
        }
        return buffer.array();
    }

    /** Restores a row written by {@link #writeRow}; rows may arrive in any order. */
    public void readRow(final String itemId, final byte[] row) {
        if (row.length != rowBytes()) {
            throw new IllegalArgumentException("item row for " + itemId + " has " + row.length + " bytes, expected " + rowBytes()
                + " (dimension " + dimension + ")");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(row);
        final int i = buffer.getInt();
        index.restore(itemId, i);
        grow(i + 1);
        bias[i] = buffer.getFloat();
        biasAcc[i] = buffer.getFloat();
        popularity.restore(i, buffer.getFloat());
        for (int k = 0; k < dimension; k++) {
            factors[k][i] = buffer.getFloat();
        }
        for (int k = 0; k < dimension; k++) {
            factorAcc[k][i] = buffer.getFloat();
        }
        if (context) {
            final int base = i * dimension;
            for (int k = 0; k < dimension; k++) {
                contextFactors[base + k] = buffer.getFloat();
            }
            for (int k = 0; k < dimension; k++) {
                contextAcc[base + k] = buffer.getFloat();
            }
        }
    }

    /** True when every index below {@link #size()} has been restored. */
    public boolean isComplete() {
        return index.isDense();
    }

    /** Learnable parameters: output factors, bias and (with a history) context factors per item. */
    public long parameterCount() {
        return (long) size() * ((context ? 2 : 1) * dimension + 1);
    }

    private void grow(final int needed) {
        if (needed <= bias.length) {
            return;
        }
        final int capacity = Math.max(needed, bias.length * 2);
        for (int k = 0; k < dimension; k++) {
            factors[k] = Arrays.copyOf(factors[k], capacity);
            factorAcc[k] = Arrays.copyOf(factorAcc[k], capacity);
        }
        bias = Arrays.copyOf(bias, capacity);
        biasAcc = Arrays.copyOf(biasAcc, capacity);
        if (context) {
            contextFactors = Arrays.copyOf(contextFactors, capacity * dimension);
            contextAcc = Arrays.copyOf(contextAcc, capacity * dimension);
        }
    }
}
