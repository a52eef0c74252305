package io.distill.app.demo;

import io.distill.app.http.ComponentHealth;
import io.distill.app.pipeline.MetricsTotals;
import io.distill.schemas.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything the demo's summary shows, and how: {@link #render()} is a pure function of these values.
 *
 * @param run       this run's number in the data directory (1 for the first)
 * @param dataDir   the data directory
 * @param source    what was streamed ({@link DemoSource#describe()})
 * @param outcome   how the run ended
 * @param goodSent  events of the source published
 * @param badSent   deliberately bad records published, by kind
 * @param snapshot  what the monitor read this run
 * @param names     the topics
 * @param timings   how long each part took
 * @param samples   recommendations fetched from the edge, with a note each (may be empty)
 */
record RunSummary(long run, Path dataDir, String source, Outcome outcome, long goodSent, Map<BadEvents.Kind, Long> badSent,
                  PipelineSnapshot snapshot, TopicNames names, Timings timings, List<Sample> samples) {

    RunSummary {
        Objects.requireNonNull(outcome, "outcome");
        badSent = Map.copyOf(badSent);
        samples = List.copyOf(samples);
    }

    /** How a run ended. */
    enum Outcome {
        /** Every valid event reached a soft label and a recommendation. */
        COMPLETE,
        /** The pipeline made no progress for the timeout. */
        TIMED_OUT,
        /** A service stopped on its own, or publishing failed. */
        FAILED,
        /** Ctrl-C. */
        INTERRUPTED
    }

    /**
     * Durations of the run's parts.
     *
     * @param stack     starting the local stack (broker, registry, topics, schemas)
     * @param services  starting ingest, teacher, student and edge (the edge loading its table)
     * @param publish   publishing the records
     * @param endToEnd  from the first record published to the last recommendation read
     * @param total     the whole run up to the summary
     */
    record Timings(Duration stack, Duration services, Duration publish, Duration endToEnd, Duration total) {
    }

    /**
     * One user's recommendations from the edge.
     *
     * @param sample what the edge answered
     * @param note   what the ground truth says about them, or empty
     */
    record Sample(EdgeSample sample, String note) {
    }

    long badTotal() {
        return badSent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The summary, lines ending in a newline. */
    String render() {
        final StringBuilder out = new StringBuilder(2048);
        line(out, "");
        line(out, "distill demo: summary of run %d (data in %s)", run, dataDir);
        line(out, "  %-16s %s", "source", source);
        line(out, "  %-16s %s", "result", describeOutcome());
        topics(out);
        deadLetters(out);
        quality(out);
        timing(out);
        samples(out);
        return out.toString();
    }

    private String describeOutcome() {
        return switch (outcome) {
            case COMPLETE -> String.format(Locale.ROOT, "all %,d valid events went through: each has one soft label and one"
                + " recommendation", snapshot.validEvents());
            case TIMED_OUT -> "timed out: the pipeline stopped making progress (see below)";
            case FAILED -> "failed (see below)";
            case INTERRUPTED -> "interrupted (Ctrl-C); the counts are what had arrived by then";
        };
    }

    private void topics(final StringBuilder out) {
        line(out, "");
        line(out, "Records this run (read_committed)");
        final int width = names.all().stream().mapToInt(String::length).max().orElse(20) + 2;
        final String format = "  %-" + width + "s %10s   %s";
        line(out, format, names.interactions(), count(snapshot.interactions()),
            String.format(Locale.ROOT, "%s events + %s deliberately bad", count(goodSent), count(badTotal())));
        line(out, format, names.interactionsValid(), count(snapshot.validRecords()),
            snapshot.validRecords() == goodSent ? "every event of the source"
                : snapshot.validRecords() > goodSent ? "with records an earlier, interrupted run published" : "");
        line(out, format, names.interactionsDlq(), count(snapshot.deadLettered()),
            snapshot.deadLettered() == badTotal() ? "every bad record" : "");
        line(out, format, names.softLabels(), count(snapshot.softLabels()), completeness(snapshot.softLabels(),
            snapshot.labelledEvents(), snapshot.duplicateLabels()));
        line(out, format, names.recommendations(), count(snapshot.recommendations()),
            completeness(snapshot.recommendations(), snapshot.recommendedEvents(), snapshot.duplicateRecommendations())
                + String.format(Locale.ROOT, ", %s users", count(snapshot.users())));
        final long windowEvents = snapshot.windows().stream().mapToLong(w -> w.getEvents()).sum();
        line(out, format, names.metrics(), count(snapshot.windows().size()),
            String.format(Locale.ROOT, "windows of the student, %s events", count(windowEvents)));
    }

    /**
     * How the records of an output topic cover this run's valid events; records for events validated before the run
     * (an earlier run stopped before its last events went through) are counted apart.
     */
    private String completeness(final long records, final long events, final long duplicates) {
        final String coverage = events == snapshot.validEvents() ? "one per valid event"
            : String.format(Locale.ROOT, "%s of %s valid events", count(events), count(snapshot.validEvents()));
        final long earlier = records - events - duplicates;
        return coverage + String.format(Locale.ROOT, " (%s duplicates)", count(duplicates))
            + (earlier > 0 ? String.format(Locale.ROOT, ", + %s for events of an earlier run", count(earlier)) : "");
    }

    private void deadLetters(final StringBuilder out) {
        if (snapshot.deadLetterReasons().isEmpty()) {
            return;
        }
        line(out, "");
        line(out, "Dead letters by reason (header distill.dlq.reason)");
        snapshot.deadLetterReasons().forEach((reason, count) -> line(out, "  %-22s %8s", reason, count(count)));
    }

    private void quality(final StringBuilder out) {
        final MetricsTotals all = MetricsTotals.of(snapshot.windows());
        line(out, "");
        if (all.windows() == 0) {
            line(out, "Prequential quality: no distill-metrics window was completed this run");
            return;
        }
        final MetricsTotals.Halves halves = MetricsTotals.halves(snapshot.windows());
        line(out, "Prequential quality, from the student's distill-metrics windows (test-then-train: each event is ranked");
        line(out, "before the models learn from it; only events whose item is new to the user count)");
        line(out, "  %-12s %-20s %-20s %-20s", "", header("whole run", all), header("first half", halves.first()),
            header("second half", halves.second()));
        line(out, "  %-12s %-20s %-20s %-20s", "", "HR@10   NDCG@10", "HR@10   NDCG@10", "HR@10   NDCG@10");
        qualityRow(out, "student", all.student(), halves.first().student(), halves.second().student());
        qualityRow(out, "teacher", all.teacher(), halves.first().teacher(), halves.second().teacher());
        qualityRow(out, "popularity", all.popularity(), halves.first().popularity(), halves.second().popularity());
        line(out, "  %-12s %-20s %-20s %-20s", "ranked", count(all.student().evaluated()),
            count(halves.first().student().evaluated()), count(halves.second().student().evaluated()));
        final double lift = all.popularity().hitRate() == 0 ? Double.NaN : all.student().hitRate() / all.popularity().hitRate();
        line(out, "  student HR@10 = %s x popularity; teacher-student top-10 agreement %.3f; mean loss %.3f;"
            + " mean lag %s ms (max %s ms)", Double.isNaN(lift) ? "-" : String.format(Locale.ROOT, "%.1f", lift),
            all.meanAgreement(), all.meanLoss(), count(Math.round(all.meanLagMillis())), count(all.lagMsMax()));
    }

    private static String header(final String label, final MetricsTotals totals) {
        return label + " (" + count(totals.events()) + ")";
    }

    private static void qualityRow(final StringBuilder out, final String model, final MetricsTotals.Score all,
                                   final MetricsTotals.Score first, final MetricsTotals.Score second) {
        line(out, "  %-12s %-20s %-20s %-20s", model, score(all), score(first), score(second));
    }

    private static String score(final MetricsTotals.Score score) {
        return String.format(Locale.ROOT, "%.3f   %.3f", score.hitRate(), score.ndcg());
    }

    private void timing(final StringBuilder out) {
        line(out, "");
        line(out, "Timing");
        line(out, "  %-18s %8s", "local stack up", seconds(timings.stack()));
        line(out, "  %-18s %8s", "services up", seconds(timings.services()));
        final long produced = goodSent + badTotal();
        line(out, "  %-18s %8s   %s records/s", "publish", seconds(timings.publish()), rate(produced, timings.publish()));
        line(out, "  %-18s %8s   %s events/s, first record published to last recommendation read", "end to end",
            seconds(timings.endToEnd()), rate(snapshot.recommendedEvents(), timings.endToEnd()));
        line(out, "  %-18s %8s", "total", seconds(timings.total()));
    }

    private void samples(final StringBuilder out) {
        if (samples.isEmpty()) {
            return;
        }
        line(out, "");
        line(out, "Recommendations served by the edge (the users with the most events this run)");
        for (final Sample sample : samples) {
            line(out, "  $ %s", sample.sample().curl());
            line(out, "  %s%s", sample.sample().status() == 200 ? "" : "HTTP " + sample.sample().status() + " ",
                sample.sample().body());
            if (!sample.note().isEmpty()) {
                line(out, "  # %s", sample.note());
            }
        }
    }

    /**
     * What a stalled run is missing, stage by stage: records the ingest has not handled, valid events without a soft
     * label or a recommendation (with examples), and each service's state.
     *
     * @param recordsSent       records published this run
     * @param noLabel           some valid eventIds without a soft label
     * @param noRecommendation  some valid eventIds without a recommendation
     * @param health            each service's health, in pipeline order
     */
    static String missing(final long recordsSent, final PipelineSnapshot snapshot, final List<String> noLabel,
                          final List<String> noRecommendation, final Map<String, ComponentHealth> health, final TopicNames names) {
        final StringBuilder out = new StringBuilder(512);
        line(out, "");
        line(out, "What is missing");
        final long unprocessed = recordsSent - snapshot.validRecords() - snapshot.deadLettered();
        if (unprocessed > 0) {
            line(out, "  ingest: %s of %s published records are in neither %s nor %s", count(unprocessed), count(recordsSent),
                names.interactionsValid(), names.interactionsDlq());
        }
        if (snapshot.missingLabels() > 0) {
            line(out, "  teacher: %s valid events have no soft label, e.g. %s", count(snapshot.missingLabels()),
                String.join(", ", noLabel));
        }
        if (snapshot.missingRecommendations() > 0) {
            line(out, "  student: %s valid events have no recommendation, e.g. %s", count(snapshot.missingRecommendations()),
                String.join(", ", noRecommendation));
        }
        line(out, "  services: %s", health.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().state() + (e.getValue().up() ? "" : " (" + e.getValue().detail() + ")"))
            .collect(Collectors.joining(", ")));
        return out.toString();
    }

    /** {@code 12,345}. */
    static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 12.3 s}. */
    static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String rate(final long count, final Duration duration) {
        return duration.toMillis() <= 0 ? "-" : count(Math.round(count * 1000.0 / duration.toMillis()));
    }

    private static void line(final StringBuilder out, final String format, final Object... args) {
        out.append((args.length == 0 ? format : String.format(Locale.ROOT, format, args)).stripTrailing()).append('\n');
    }
}
