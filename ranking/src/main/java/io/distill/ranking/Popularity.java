package io.distill.ranking;

import java.util.Arrays;

/**
 * The popularity baseline: every user gets the most frequent items they have not seen yet. Counts live
 * in the index space of whoever owns it (the caller's {@link ItemIndex}), so a model can rank
 * popularity over its own catalogue without a second mapping.
 */
public final class Popularity {
    private float[] counts;
    private int size;
    private long total;

    public Popularity() {
        this(1024);
    }

    public Popularity(final int initialCapacity) {
        this.counts = new float[Math.max(16, initialCapacity)];
    }

    /** Counts one occurrence of {@code item} with the given weight. */
    public void observe(final int item, final float weight) {
        ensureCapacity(item + 1);
        counts[item] += weight;
        if (item >= size) {
            size = item + 1;
        }
        total++;
    }

    /** Sets the count of an item directly (restoring persisted state). */
    public void restore(final int item, final float count) {
        ensureCapacity(item + 1);
        counts[item] = count;
        if (item >= size) {
            size = item + 1;
        }
    }

    public float count(final int item) {
        return item < size ? counts[item] : 0f;
    }

    /** Number of item slots (the largest observed index plus one). */
    public int size() {
        return size;
    }

    /** Events observed. */
    public long total() {
        return total;
    }

    /**
     * The live count vector, valid for indices below {@link #size()}. Shared, not copied: callers must not
     * modify it.
     */
    public float[] scores() {
        return counts;
    }

    /** 0-based rank of {@code item} for a user who has seen {@code seen}; -1 when the item was never observed. */
    public int rankOf(final int item, final IntSet seen) {
        if (item >= size || counts[item] == 0f) {
            return -1;
        }
        return RankingMetrics.rankOf(counts, size, item, seen);
    }

    private void ensureCapacity(final int needed) {
        if (needed > counts.length) {
            counts = Arrays.copyOf(counts, Math.max(needed, counts.length * 2));
        }
    }
}
