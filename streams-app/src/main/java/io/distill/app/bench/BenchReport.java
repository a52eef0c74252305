package io.distill.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The result of a {@code distill bench} run: every measurement as taken, the medians over rounds, and renderings as a
 * text table, CSV and JSON. Ratios are taken round by round against the pass-through measured in the same round, so
 * a drift of the machine's speed between rounds (other processes come and go) cancels out of them.
 *
 * @param environment  what it ran on
 * @param measurements every drain, in the order taken
 * @param latency      every paced run, in the order taken (empty when none ran)
 */
public record BenchReport(BenchEnvironment environment, List<Measurement> measurements, List<LatencyMeasurement> latency) {
    /** Written by {@link #write(Path)}: one row per drain. */
    public static final String RUNS_CSV = "bench-runs.csv";
    /** Written by {@link #write(Path)}: one row per stage. */
    public static final String SUMMARY_CSV = "bench-summary.csv";
    /** Written by {@link #write(Path)}: one row per paced run. */
    public static final String LATENCY_CSV = "bench-latency.csv";
    /** Written by {@link #write(Path)}: everything. */
    public static final String JSON = "bench.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BenchReport {
        Objects.requireNonNull(environment, "environment");
        measurements = List.copyOf(measurements);
        latency = List.copyOf(latency);
    }

    /** One summary per stage measured, in stage order. */
    public List<StageSummary> summaries() {
        final Map<BenchStage, List<Measurement>> byStage = byStage();
        final List<StageSummary> summaries = new ArrayList<>();
        byStage.forEach((stage, runs) -> {
            final double[] rates = runs.stream().mapToDouble(Measurement::eventsPerSecond).toArray();
            final double median = Stats.median(rates);
            final double[] firsts = runs.stream().mapToDouble(m -> m.firstOutput().toNanos() / 1e9).toArray();
            summaries.add(new StageSummary(stage, runs.size(), median, Stats.min(rates), Stats.max(rates), ratio(stage),
                1e6 / median, Stats.median(firsts)));
        });
        return summaries;
    }

    /** The summary of {@code stage}, if it was measured. */
    public Optional<StageSummary> summary(final BenchStage stage) {
        return summaries().stream().filter(s -> s.stage() == stage).findFirst();
    }

    /**
     * {@code stage}'s events per second over the pass-through's in one round, for the rounds that measured both;
     * empty when there are none.
     */
    public List<Double> roundRatios(final BenchStage stage) {
        final List<Double> ratios = new ArrayList<>();
        for (final Measurement m : measurements) {
            if (m.stage() == stage) {
                passThrough(m.round()).ifPresent(base -> ratios.add(m.eventsPerSecond() / base.eventsPerSecond()));
            }
        }
        return ratios;
    }

    /** The paced runs as medians over rounds; empty when none ran. */
    public Optional<LatencySummary> latencySummary() {
        if (latency.isEmpty()) {
            return Optional.empty();
        }
        final double rate = Stats.median(latency.stream().mapToDouble(LatencyMeasurement::targetRate).toArray());
        final double fraction = summary(BenchStage.PIPELINE).map(s -> rate / s.eventsPerSecond()).orElse(Double.NaN);
        return Optional.of(new LatencySummary(latency.size(), rate, fraction,
            Math.round(Stats.median(latency.stream().mapToDouble(LatencyMeasurement::events).toArray())),
            medianOf(l -> l.generated().p50()), medianOf(l -> l.generated().p99()), medianOf(l -> l.generated().max()),
            medianOf(l -> l.visible().p50()), medianOf(l -> l.visible().p99()), medianOf(l -> l.visible().max())));
    }

    /** The report as text: the environment, the stage table, the rounds, the latency table, how to read them. */
    public String render() {
        final StringBuilder text = new StringBuilder();
        final BenchEnvironment env = environment;
        line(text, "distill bench, %s: %,d synthetic interactions (%,d users, %,d items, seed %d), %d partition%s per topic, %d round%s",
            env.started(), env.events(), env.users(), env.items(), env.seed(), env.partitions(), env.partitions() == 1 ? "" : "s",
            rounds().size(), rounds().size() == 1 ? "" : "s");
        line(text, "  broker    %s", env.broker());
        line(text, "  JVM       %s, %d cores; load average (1 min) %s at the start, %s at the end", env.java(), env.cores(),
            load(env.loadBefore()), load(env.loadAfter()));
        line(text, "  settings  commit.interval.ms %s; student: %s; teacher: %s", env.commitInterval(), env.student(), env.teacher());
        text.append('\n');
        final String header = "%-13s %-46s %10s  %-19s %15s  %9s  %12s";
        line(text, header, "stage", "path", "events/s", "min..max", "vs pass-through", "µs/event", "first output");
        for (final StageSummary s : summaries()) {
            line(text, header, s.stage().label(), s.stage().path(), count(s.eventsPerSecond()),
                count(s.minEventsPerSecond()) + ".." + count(s.maxEventsPerSecond()), ratio(s.ratioToPassThrough()),
                String.format(Locale.ROOT, "%,.1f", s.microsPerEvent()), String.format(Locale.ROOT, "%.1f s", s.firstOutputSeconds()));
        }
        text.append('\n');
        line(text, "events/s: input events / (start of the service(s) -> last output record read by a read_committed consumer),");
        line(text, "  i.e. a backlog drained, start-up included; the median over rounds. vs pass-through: median over rounds of");
        line(text, "  events/s / the pass-through's events/s in the same round. µs/event = 1e6 / events/s. first output: start");
        line(text, "  -> first output record read (start-up and the first commit).");
        renderRounds(text);
        renderLatency(text);
        return text.toString();
    }

    private void renderRounds(final StringBuilder text) {
        if (rounds().size() < 2) {
            return;
        }
        final Map<BenchStage, List<Measurement>> byStage = byStage();
        text.append('\n');
        final StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-7s %-8s", "round", "load"));
        byStage.keySet().forEach(stage -> header.append(String.format(Locale.ROOT, " %12s", stage.label())));
        line(text, "events/s per round (load: 1-minute load average before the round's first stage)");
        line(text, "%s", header.toString());
        for (final int round : rounds()) {
            final double load = measurements.stream().filter(m -> m.round() == round).findFirst()
                .map(Measurement::loadBefore).orElse(Double.NaN);
            final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-7d %-8s", round, load(load)));
            byStage.forEach((stage, runs) -> row.append(String.format(Locale.ROOT, " %12s", runs.stream()
                .filter(m -> m.round() == round).findFirst().map(m -> count(m.eventsPerSecond())).orElse("-"))));
            line(text, "%s", row.toString());
        }
    }

    private void renderLatency(final StringBuilder text) {
        final Optional<LatencySummary> summary = latencySummary();
        if (summary.isEmpty()) {
            return;
        }
        final LatencySummary s = summary.get();
        text.append('\n');
        line(text, "latency: the full pipeline paced at %s events/s%s, %,d events per run, median of %d run%s", count(s.targetRate()),
            Double.isNaN(s.pipelineFraction()) ? "" : String.format(Locale.ROOT, " (%.0f%% of its measured throughput)",
                s.pipelineFraction() * 100), s.events(), s.rounds(), s.rounds() == 1 ? "" : "s");
        final String format = "  %-48s %9s %9s %9s";
        line(text, format, "", "p50", "p99", "max");
        line(text, format, "recommendation generatedAt - sent", millis(s.generatedP50()), millis(s.generatedP99()),
            millis(s.generatedMax()));
        line(text, format, "received by a read_committed consumer - sent", millis(s.visibleP50()), millis(s.visibleP99()),
            millis(s.visibleMax()));
        line(text, "sent: wall time the interaction was handed to the producer. generatedAt: the student's clock when it ranked.");
        line(text, "received: wall time a read_committed consumer got the recommendation (after the student's commit).");
    }

    /** One row per drain, with a header. */
    public String runsCsv() {
        final StringBuilder csv = new StringBuilder(
            "stage,round,events,seconds,events_per_s,us_per_event,first_output_s,ratio_to_passthrough,load_before,load_after\n");
        for (final Measurement m : measurements) {
            final double ratio = passThrough(m.round()).map(base -> m.eventsPerSecond() / base.eventsPerSecond()).orElse(Double.NaN);
            csv.append(String.join(",", m.stage().label(), Integer.toString(m.round()), Long.toString(m.events()),
                number(m.elapsed().toNanos() / 1e9), number(m.eventsPerSecond()), number(m.microsPerEvent()),
                number(m.firstOutput().toNanos() / 1e9), number(ratio), number(m.loadBefore()), number(m.loadAfter()))).append('\n');
        }
        return csv.toString();
    }

    /** One row per stage, with a header. */
    public String summaryCsv() {
        final StringBuilder csv = new StringBuilder("stage,rounds,events_per_s,events_per_s_min,events_per_s_max,ratio_to_passthrough,"
            + "us_per_event,first_output_s\n");
        for (final StageSummary s : summaries()) {
            csv.append(String.join(",", s.stage().label(), Integer.toString(s.rounds()), number(s.eventsPerSecond()),
                number(s.minEventsPerSecond()), number(s.maxEventsPerSecond()), number(s.ratioToPassThrough()),
                number(s.microsPerEvent()), number(s.firstOutputSeconds()))).append('\n');
        }
        return csv.toString();
    }

    /** One row per paced run, with a header. */
    public String latencyCsv() {
        final StringBuilder csv = new StringBuilder("round,target_rate,actual_rate,events,generated_p50_ms,generated_p99_ms,"
            + "generated_max_ms,visible_p50_ms,visible_p99_ms,visible_max_ms,load_before,load_after\n");
        for (final LatencyMeasurement l : latency) {
            csv.append(String.join(",", Integer.toString(l.round()), number(l.targetRate()), number(l.actualRate()),
                Long.toString(l.events()), Long.toString(l.generated().p50()), Long.toString(l.generated().p99()),
                Long.toString(l.generated().max()), Long.toString(l.visible().p50()), Long.toString(l.visible().p99()),
                Long.toString(l.visible().max()), number(l.loadBefore()), number(l.loadAfter()))).append('\n');
        }
        return csv.toString();
    }

    /** Everything as one JSON document: environment, summary, latency summary (or null), runs, latency runs. */
    public String json() {
        final ObjectNode root = MAPPER.createObjectNode();
        final BenchEnvironment env = environment;
        final ObjectNode environmentNode = root.putObject("environment");
        environmentNode.put("started", env.started().toString());
        environmentNode.put("broker", env.broker());
        environmentNode.put("events", env.events());
        environmentNode.put("users", env.users());
        environmentNode.put("items", env.items());
        environmentNode.put("seed", env.seed());
        environmentNode.put("partitions", env.partitions());
        environmentNode.put("commitInterval", env.commitInterval());
        environmentNode.put("student", env.student());
        environmentNode.put("teacher", env.teacher());
        environmentNode.put("java", env.java());
        environmentNode.put("cores", env.cores());
        put(environmentNode, "loadBefore", env.loadBefore());
        put(environmentNode, "loadAfter", env.loadAfter());
        final ArrayNode summary = root.putArray("summary");
        for (final StageSummary s : summaries()) {
            final ObjectNode node = summary.addObject();
            node.put("stage", s.stage().label());
            node.put("path", s.stage().path());
            node.put("rounds", s.rounds());
            put(node, "eventsPerSecond", s.eventsPerSecond());
            put(node, "minEventsPerSecond", s.minEventsPerSecond());
            put(node, "maxEventsPerSecond", s.maxEventsPerSecond());
            put(node, "ratioToPassThrough", s.ratioToPassThrough());
            put(node, "microsPerEvent", s.microsPerEvent());
            put(node, "firstOutputSeconds", s.firstOutputSeconds());
        }
        final Optional<LatencySummary> latencySummary = latencySummary();
        if (latencySummary.isPresent()) {
            final LatencySummary s = latencySummary.get();
            final ObjectNode node = root.putObject("latencySummary");
            node.put("rounds", s.rounds());
            put(node, "targetRate", s.targetRate());
            put(node, "pipelineFraction", s.pipelineFraction());
            node.put("events", s.events());
            put(node, "generatedP50Millis", s.generatedP50());
            put(node, "generatedP99Millis", s.generatedP99());
            put(node, "generatedMaxMillis", s.generatedMax());
            put(node, "visibleP50Millis", s.visibleP50());
            put(node, "visibleP99Millis", s.visibleP99());
            put(node, "visibleMaxMillis", s.visibleMax());
        } else {
            root.putNull("latencySummary");
        }
        final ArrayNode runs = root.putArray("runs");
        for (final Measurement m : measurements) {
            final ObjectNode node = runs.addObject();
            node.put("stage", m.stage().label());
            node.put("round", m.round());
            node.put("events", m.events());
            put(node, "seconds", m.elapsed().toNanos() / 1e9);
            put(node, "eventsPerSecond", m.eventsPerSecond());
            put(node, "firstOutputSeconds", m.firstOutput().toNanos() / 1e9);
            put(node, "loadBefore", m.loadBefore());
            put(node, "loadAfter", m.loadAfter());
        }
        final ArrayNode paced = root.putArray("latency");
        for (final LatencyMeasurement l : latency) {
            final ObjectNode node = paced.addObject();
            node.put("round", l.round());
            put(node, "targetRate", l.targetRate());
            put(node, "actualRate", l.actualRate());
            node.put("events", l.events());
            node.set("generatedMillis", MAPPER.valueToTree(l.generated()));
            node.set("visibleMillis", MAPPER.valueToTree(l.visible()));
            put(node, "loadBefore", l.loadBefore());
            put(node, "loadAfter", l.loadAfter());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the bench report as JSON", e);
        }
    }

    /**
     * Writes {@value #JSON}, {@value #SUMMARY_CSV}, {@value #RUNS_CSV} and (with paced runs) {@value #LATENCY_CSV} into
     * {@code dir}, creating it.
     *
     * @return the files written
     */
    public List<Path> write(final Path dir) throws IOException {
        Files.createDirectories(dir);
        final List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(JSON), json(), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(SUMMARY_CSV), summaryCsv(), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(RUNS_CSV), runsCsv(), StandardCharsets.UTF_8));
        if (!latency.isEmpty()) {
            written.add(Files.writeString(dir.resolve(LATENCY_CSV), latencyCsv(), StandardCharsets.UTF_8));
        }
        return written;
    }

    private Map<BenchStage, List<Measurement>> byStage() {
        final Map<BenchStage, List<Measurement>> byStage = new EnumMap<>(BenchStage.class);
        measurements.forEach(m -> byStage.computeIfAbsent(m.stage(), key -> new ArrayList<>()).add(m));
        return byStage;
    }

    private SortedSet<Integer> rounds() {
        final SortedSet<Integer> rounds = new TreeSet<>();
        measurements.forEach(m -> rounds.add(m.round()));
        return rounds;
    }

    private Optional<Measurement> passThrough(final int round) {
        return measurements.stream().filter(m -> m.stage() == BenchStage.PASSTHROUGH && m.round() == round).findFirst();
    }

    private double ratio(final BenchStage stage) {
        final List<Double> ratios = roundRatios(stage);
        return ratios.isEmpty() ? Double.NaN : Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private double medianOf(final ToLongFunction<LatencyMeasurement> field) {
        return Stats.median(latency.stream().mapToDouble(l -> field.applyAsLong(l)).toArray());
    }

    private static void put(final ObjectNode node, final String field, final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void line(final StringBuilder text, final String format, final Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** {@code 12,345}. */
    static String count(final double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Three decimals, or "-" without a pass-through to compare with. */
    static String ratio(final double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String load(final double value) {
        return Double.isNaN(value) || value < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String millis(final double value) {
        return String.format(Locale.ROOT, "%,.0f ms", value);
    }

    /** Plain decimal for CSV, empty for NaN. */
    private static String number(final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
