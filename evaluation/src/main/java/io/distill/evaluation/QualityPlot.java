package io.distill.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Draws NDCG@10 over the stream, as a sliding window over evaluated events, for the four models: the
 * picture of how fast the student catches up with its teacher and where it stays.
 */
public final class QualityPlot {
    private QualityPlot() {
    }

    /** Window of about a fiftieth of the evaluated events, at least 200. */
    public static int defaultWindow(final int evaluated) {
        return Math.max(200, evaluated / 50);
    }

    public static void writePng(final EvaluationResult result, final Path file, final int width, final int height) {
        final Curves distilled = result.distilled().curves();
        final Curves hard = result.hardOnly().curves();
        final int window = defaultWindow(distilled.size());
        final int step = Math.max(1, window / 4);
        final TimeSeriesCollection data = new TimeSeriesCollection();
        data.addSeries(series(EvaluationResult.TEACHER, distilled, distilled.teacherRanks(), window, step));
        data.addSeries(series(EvaluationResult.DISTILLED, distilled, distilled.studentRanks(), window, step));
        data.addSeries(series(EvaluationResult.HARD_ONLY, hard, hard.studentRanks(), window, step));
        data.addSeries(series(EvaluationResult.POPULARITY, distilled, distilled.popularityRanks(), window, step));
        final JFreeChart chart = ChartFactory.createTimeSeriesChart(
            "Prequential NDCG@10 on " + result.dataset() + " (sliding window of " + window + " evaluated events)", "event time",
            "NDCG@10", data, true, false, false);
        final XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        final Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x7f7f7f)};
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(i == 1 ? 2.5f : 1.6f));
        }
        plot.setRenderer(renderer);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static TimeSeries series(final String name, final Curves curves, final int[] ranks, final int window, final int step) {
        final TimeSeries series = new TimeSeries(name);
        final double[] values = Curves.slidingNdcg(ranks, curves.size(), window, step);
        for (int p = 0; p < values.length; p++) {
            // place each window at the event time of its last event
            final long time = curves.time(p * step + window - 1);
            series.addOrUpdate(new Millisecond(new Date(time)), values[p]);
        }
        return series;
    }
}
