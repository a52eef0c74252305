package io.distill.ranking;

/**
 * Running prequential quality of one model: how many events were ranked, and the sums of HR@10,
 * NDCG@10 and reciprocal rank over them. Sums, not means, so windows and tasks merge exactly.
 */
public final class Quality {
    private long evaluated;
    private long hits;
    private double ndcgSum;
    private double reciprocalRankSum;

    /** Records one ranked event; {@code rank} is 0-based, or -1 when the model could not rank the item at all. */
    public void record(final int rank) {
        evaluated++;
        hits += RankingMetrics.hit(rank, RankingMetrics.CUTOFF);
        ndcgSum += RankingMetrics.ndcg(rank, RankingMetrics.CUTOFF);
        reciprocalRankSum += RankingMetrics.reciprocalRank(rank);
    }

    public void add(final Quality other) {
        add(other.evaluated, other.hits, other.ndcgSum, other.reciprocalRankSum);
    }

    public void add(final long evaluated, final long hits, final double ndcgSum, final double reciprocalRankSum) {
        this.evaluated += evaluated;
        this.hits += hits;
        this.ndcgSum += ndcgSum;
        this.reciprocalRankSum += reciprocalRankSum;
    }

    public void reset() {
        evaluated = 0;
        hits = 0;
        ndcgSum = 0;
        reciprocalRankSum = 0;
    }

    public long evaluated() {
        return evaluated;
    }

    public long hits() {
        return hits;
    }

    public double ndcgSum() {
        return ndcgSum;
    }

    public double reciprocalRankSum() {
        return reciprocalRankSum;
    }

    public double hitRate() {
        return evaluated == 0 ? 0.0 : (double) hits / evaluated;
    }

    public double ndcg() {
        return evaluated == 0 ? 0.0 : ndcgSum / evaluated;
    }

    public double mrr() {
        return evaluated == 0 ? 0.0 : reciprocalRankSum / evaluated;
    }

    public Quality copy() {
        final Quality copy = new Quality();
        copy.add(this);
        return copy;
    }

    @Override
    public String toString() {
        return String.format("Quality[n=%d, HR@10=%.4f, NDCG@10=%.4f, MRR=%.4f]", evaluated, hitRate(), ndcg(), mrr());
    }
}
