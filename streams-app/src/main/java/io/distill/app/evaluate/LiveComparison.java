package io.distill.app.evaluate;

import io.distill.app.pipeline.MetricsTotals;
import io.distill.evaluation.EvaluationResult;
import io.distill.ranking.Quality;
import java.util.List;
import java.util.Locale;

/**
 * The live pipeline's published metrics side by side with the offline replay's, per model: the check
 * that what the running system reports is what the evaluation measures.
 *
 * @param model       student, teacher or popularity
 * @param liveEvaluated events the live pipeline ranked
 * @param offlineEvaluated events the offline replay ranked
 * @param liveHr      live HR@10
 * @param offlineHr   offline HR@10
 * @param liveNdcg    live NDCG@10
 * @param offlineNdcg offline NDCG@10
 */
public record LiveComparison(String model, long liveEvaluated, long offlineEvaluated, double liveHr, double offlineHr,
                             double liveNdcg, double offlineNdcg) {

    public static List<LiveComparison> of(final MetricsTotals live, final EvaluationResult offline) {
        return List.of(
            row("student (distilled)", live.student(), offline.row(EvaluationResult.DISTILLED).quality()),
            row("teacher", live.teacher(), offline.row(EvaluationResult.TEACHER).quality()),
            row("popularity", live.popularity(), offline.row(EvaluationResult.POPULARITY).quality()));
    }

    private static LiveComparison row(final String model, final MetricsTotals.Score live, final Quality offline) {
        return new LiveComparison(model, live.evaluated(), offline.evaluated(), live.hitRate(), offline.hitRate(), live.ndcg(),
            offline.ndcg());
    }

    /** |live − offline| / offline for HR@10 (0 when both are 0). */
    public double hrRelativeDifference() {
        return relative(liveHr, offlineHr);
    }

    /** |live − offline| / offline for NDCG@10 (0 when both are 0). */
    public double ndcgRelativeDifference() {
        return relative(liveNdcg, offlineNdcg);
    }

    private static double relative(final double live, final double offline) {
        if (offline == 0) {
            return live == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(live - offline) / offline;
    }

    public static String table(final List<LiveComparison> rows) {
        final StringBuilder out = new StringBuilder();
        final String format = "%-20s %9s %9s %9s %9s %9s %9s %9s%n";
        out.append(String.format(Locale.ROOT, format, "model", "ranked", "HR live", "HR off", "diff", "NDCG live", "NDCG off", "diff"));
        for (final LiveComparison row : rows) {
            out.append(String.format(Locale.ROOT, format, row.model(), row.liveEvaluated() + "/" + row.offlineEvaluated(),
                f(row.liveHr()), f(row.offlineHr()), pct(row.hrRelativeDifference()), f(row.liveNdcg()), f(row.offlineNdcg()),
                pct(row.ndcgRelativeDifference())));
        }
        return out.toString();
    }

    private static String f(final double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String pct(final double value) {
        return String.format(Locale.ROOT, "%.2f%%", value * 100);
    }
}
