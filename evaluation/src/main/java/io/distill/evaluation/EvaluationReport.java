package io.distill.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.ranking.Quality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes an {@link EvaluationResult} as a terminal table, CSV and JSON. */
public final class EvaluationReport {
    private static final String[] HEADER = {"model", "HR@10", "NDCG@10", "MRR", "parameters", "bytes", "us/rec"};

    private EvaluationReport() {
    }

    /** The table as printed on the terminal, with the ratios the product is judged by underneath. */
    public static String table(final EvaluationResult result) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "dataset %s: %,d events read, %,d labelled, %,d evaluated (item new to the user)%n",
            result.dataset(), result.read(), result.labelled(), result.evaluated()));
        if (!result.rejected().isEmpty()) {
            out.append("rejected by validation: ").append(result.rejected()).append(System.lineSeparator());
        }
        final String format = "%-28s %8s %8s %8s %12s %12s %9s%n";
        out.append(String.format(Locale.ROOT, format, (Object[]) HEADER));
        for (final ModelRow row : result.rows()) {
            final Quality q = row.quality();
            out.append(String.format(Locale.ROOT, format, row.model(), f4(q.hitRate()), f4(q.ndcg()), f4(q.mrr()),
                String.format(Locale.ROOT, "%,d", row.parameters()), human(row.bytes()),
                Double.isNaN(row.microsPerRecommendation()) ? "-" : String.format(Locale.ROOT, "%.1f", row.microsPerRecommendation())));
        }
        final ModelRow teacher = result.row(EvaluationResult.TEACHER);
        final ModelRow distilled = result.row(EvaluationResult.DISTILLED);
        final ModelRow hard = result.row(EvaluationResult.HARD_ONLY);
        final ModelRow popularity = result.row(EvaluationResult.POPULARITY);
        out.append(String.format(Locale.ROOT,
            "distilled/teacher NDCG@10 = %.3f (target >= 0.9) with %.4f of its parameters (1/%.0f; target <= 1/20)%n",
            ratio(distilled, teacher), (double) distilled.parameters() / teacher.parameters(),
            (double) teacher.parameters() / distilled.parameters()));
        out.append(String.format(Locale.ROOT, "distilled/hard-only NDCG@10 = %.3f (target >= 1.10); distilled/popularity = %.2f%n",
            ratio(distilled, hard), ratio(distilled, popularity)));
        out.append(String.format(Locale.ROOT, "teacher-student top-10 agreement among candidates: %.3f; wall time %s%n",
            result.distilled().meanAgreement(), result.wallTime().toString().substring(2).toLowerCase(Locale.ROOT)));
        return out.toString();
    }

    public static void writeCsv(final EvaluationResult result, final Path file) {
        final StringBuilder out = new StringBuilder("dataset,model,evaluated,hr10,ndcg10,mrr,parameters,bytes,us_per_rec\n");
        for (final ModelRow row : result.rows()) {
            final Quality q = row.quality();
            out.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%.6f,%d,%d,%s%n", csv(result.dataset()), csv(row.model()),
                q.evaluated(), q.hitRate(), q.ndcg(), q.mrr(), row.parameters(), row.bytes(),
                Double.isNaN(row.microsPerRecommendation()) ? "" : String.format(Locale.ROOT, "%.3f", row.microsPerRecommendation())));
        }
        write(file, out.toString());
    }

    public static void writeJson(final EvaluationResult result, final Path file) {
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode root = mapper.createObjectNode();
        root.put("dataset", result.dataset());
        root.put("eventsRead", result.read());
        root.put("eventsLabelled", result.labelled());
        root.put("eventsEvaluated", result.evaluated());
        final ObjectNode rejected = root.putObject("rejected");
        result.rejected().forEach((reason, count) -> rejected.put(reason.name(), count));
        final ArrayNode models = root.putArray("models");
        for (final ModelRow row : result.rows()) {
            final ObjectNode node = models.addObject();
            node.put("model", row.model());
            node.put("evaluated", row.quality().evaluated());
            node.put("hr10", row.quality().hitRate());
            node.put("ndcg10", row.quality().ndcg());
            node.put("mrr", row.quality().mrr());
            node.put("parameters", row.parameters());
            node.put("bytes", row.bytes());
            if (!Double.isNaN(row.microsPerRecommendation())) {
                node.put("microsPerRecommendation", row.microsPerRecommendation());
            }
        }
        root.put("teacherStudentAgreement", result.distilled().meanAgreement());
        root.put("wallSeconds", result.wallTime().toMillis() / 1000.0);
        root.set("teacherSettings", mapper.valueToTree(Map.of("settings", result.teacher().toString())));
        root.set("studentSettings", mapper.valueToTree(Map.of("settings", result.student().toString())));
        try {
            write(file, mapper.writeValueAsString(root) + System.lineSeparator());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static double ratio(final ModelRow a, final ModelRow b) {
        return b.quality().ndcg() == 0 ? Double.NaN : a.quality().ndcg() / b.quality().ndcg();
    }

    private static String f4(final double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String human(final long bytes) {
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }

    private static String csv(final String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static void write(final Path file, final String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
