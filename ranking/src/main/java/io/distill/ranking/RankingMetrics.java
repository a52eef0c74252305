package io.distill.ranking;

/**
 * Ranking metrics for prequential evaluation with one relevant item per event: the item the user
 * actually interacted with. Ranks are 0-based positions in the order {@link TopK} serves (score
 * descending, lower index first on ties), over the full catalogue minus the user's seen items.
 */
public final class RankingMetrics {
    /** The cut-off of every headline metric (HR@10, NDCG@10). */
    public static final int CUTOFF = 10;

    private static final double LN2 = Math.log(2.0);

    private RankingMetrics() {
    }

    /**
     * 0-based rank of {@code target} among the items of {@code scores[0..n)} not in {@code exclude}.
     * The target itself must not be excluded.
     */
    public static int rankOf(final float[] scores, final int n, final int target, final IntSet exclude) {
        final float targetScore = scores[target];
        int rank = 0;
        for (int i = 0; i < n; i++) {
            final float score = scores[i];
            if (score > targetScore || (score == targetScore && i < target)) {
                rank++;
            }
        }
        if (exclude != null) {
            for (int j = 0; j < exclude.size(); j++) {
                final int i = exclude.get(j);
                if (i < n && i != target) {
                    final float score = scores[i];
                    if (score > targetScore || (score == targetScore && i < target)) {
                        rank--;
                    }
                }
            }
        }
        return rank;
    }

    /** 1 if the rank is within the cut-off, else 0. */
    public static int hit(final int rank, final int cutoff) {
        return rank >= 0 && rank < cutoff ? 1 : 0;
    }

    /** NDCG with a single relevant item: 1/log2(rank + 2) within the cut-off, else 0 (ideal DCG is 1). */
    public static double ndcg(final int rank, final int cutoff) {
        return rank >= 0 && rank < cutoff ? LN2 / Math.log(rank + 2.0) : 0.0;
    }

    /** Reciprocal rank over the whole ranking: 1/(rank + 1); 0 for an unrankable item (rank -1). */
    public static double reciprocalRank(final int rank) {
        return rank >= 0 ? 1.0 / (rank + 1.0) : 0.0;
    }
}
