package io.distill.ranking;

import java.util.Arrays;

/**
 * Selects the k best entries of a score vector in O(n log k), with the order every model in distill
 * uses: higher score first, and on equal scores the lower index first. {@link RankingMetrics#rankOf}
 * uses the same order, so an item's prequential rank is exactly its position in the list a user
 * would have been served.
 *
 * <p>Reusable: buffers are allocated once per instance, so the per-event path does not allocate. Not
 * thread-safe.
 */
public final class TopK {
    private final int k;
    private final int[] heapIndex;
    private final float[] heapScore;
    private int size;

    public TopK(final int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
        this.heapIndex = new int[k];
        this.heapScore = new float[k];
    }

    public int k() {
        return k;
    }

    /**
     * Selects the best {@code k} of {@code scores[0..n)} whose index is not in {@code exclude} (may be
     * null). Results, best first, go to {@code outIndex}/{@code outScore} (length at least k; outScore
     * may be null).
     *
     * @return how many entries were written (less than k when fewer items are eligible)
     */
    public int select(final float[] scores, final int n, final IntSet exclude, final int[] outIndex, final float[] outScore) {
        size = 0;
        if (exclude == null || exclude.size() == 0) {
            scan(scores, n, null);
        } else {
            scan(scores, n, exclude);
        }
        final int count = size;
        // Pop the worst first and fill from the back: the result comes out best first.
        for (int i = count - 1; i >= 0; i--) {
            outIndex[i] = heapIndex[0];
            if (outScore != null) {
                outScore[i] = heapScore[0];
            }
            removeRoot();
        }
        return count;
    }

    /** Convenience for tests and cold paths: the best k indices as a fresh array. */
    public int[] select(final float[] scores, final IntSet exclude) {
        final int[] out = new int[k];
        final int count = select(scores, scores.length, exclude, out, null);
        return Arrays.copyOf(out, count);
    }

    private void scan(final float[] scores, final int n, final IntSet exclude) {
        for (int i = 0; i < n; i++) {
            final float score = scores[i];
            if (size == k && !(score > heapScore[0])) {
                // Equal scores lose to the root: the root has a lower index, which wins ties.
                continue;
            }
            if (exclude != null && exclude.contains(i)) {
                continue;
            }
            if (Float.isNaN(score)) {
                continue;
            }
            if (size < k) {
                heapIndex[size] = i;
                heapScore[size] = score;
                siftUp(size++);
            } else {
                heapIndex[0] = i;
                heapScore[0] = score;
                siftDown(0);
            }
        }
    }

    /** True when entry a is worse than entry b (lower score, or equal score and higher index). */
    private boolean worse(final int a, final int b) {
        final float sa = heapScore[a];
        final float sb = heapScore[b];
        return sa < sb || (sa == sb && heapIndex[a] > heapIndex[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            final int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            final int right = left + 1;
            final int worst = right < size && worse(right, left) ? right : left;
            if (!worse(worst, i)) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void removeRoot() {
        size--;
        if (size > 0) {
            heapIndex[0] = heapIndex[size];
            heapScore[0] = heapScore[size];
            siftDown(0);
        }
    }

    private void swap(final int a, final int b) {
        final int ti = heapIndex[a];
        heapIndex[a] = heapIndex[b];
        heapIndex[b] = ti;
        final float ts = heapScore[a];
        heapScore[a] = heapScore[b];
        heapScore[b] = ts;
    }
}
