package io.distill.evaluation;

import io.distill.avro.Interaction;
import io.distill.ranking.Quality;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.student.StudentSettings;
import io.distill.teacher.TeacherSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grid search over teacher and student settings, each point evaluated prequentially exactly as
 * {@link PrequentialEvaluation} does. The teacher runs once per distinct teacher setting (its labels are
 * kept on a {@link LabelTape}), and the hard-label student once per distinct hard-label setting, so a
 * grid over student keys costs one teacher pass.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    /** One evaluated grid point. */
    public record Point(Map<String, String> settings, Quality teacher, Quality distilled, Quality hardOnly, Quality popularity,
                        long teacherParameters, long studentParameters) {

        public double distilledOverTeacher() {
            return ratio(distilled, teacher);
        }

        public double distilledOverHardOnly() {
            return ratio(distilled, hardOnly);
        }

        private static double ratio(final Quality a, final Quality b) {
            return b.ndcg() == 0 ? Double.NaN : a.ndcg() / b.ndcg();
        }
    }

    private final Function<Map<String, String>, TeacherSettings> teacherOf;
    private final Function<Map<String, String>, StudentSettings> studentOf;
    private final ValidationLimits limits;

    /**
     * @param teacherOf reads teacher settings from a full configuration (as the teacher worker would)
     * @param studentOf reads student settings from a full configuration (as the student worker would)
     */
    public Sweep(final Function<Map<String, String>, TeacherSettings> teacherOf,
                 final Function<Map<String, String>, StudentSettings> studentOf, final ValidationLimits limits) {
        this.teacherOf = teacherOf;
        this.studentOf = studentOf;
        this.limits = limits;
    }

    /** Every combination of the axes' values (the last axis varies fastest), each over {@code base}. */
    public static List<Map<String, String>> grid(final Map<String, String> base, final Map<String, List<String>> axes) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (final Map.Entry<String, List<String>> axis : axes.entrySet()) {
            final List<Map<String, String>> next = new ArrayList<>();
            for (final Map<String, String> point : points) {
                for (final String value : axis.getValue()) {
                    final Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        final List<Map<String, String>> out = new ArrayList<>(points.size());
        for (final Map<String, String> point : points) {
            final Map<String, String> full = new HashMap<>(base);
            full.putAll(point);
            out.add(full);
        }
        return out;
    }

    /**
     * Evaluates every point; {@code events} opens the stream afresh for each teacher pass.
     *
     * @param varied the keys that vary, reported per point
     * @return the points, best distilled NDCG@10 first
     */
    public List<Point> run(final List<Map<String, String>> points, final List<String> varied,
                           final Supplier<Iterator<Interaction>> events, final Progress progress) {
        final Map<TeacherSettings, List<Map<String, String>>> byTeacher = new LinkedHashMap<>();
        for (final Map<String, String> point : points) {
            byTeacher.computeIfAbsent(teacherOf.apply(point), t -> new ArrayList<>()).add(point);
        }
        final List<Point> results = new ArrayList<>();
        for (final Map.Entry<TeacherSettings, List<Map<String, String>>> group : byTeacher.entrySet()) {
            final TeacherPass.Result labels = TeacherPass.run(events.get(), group.getKey(), limits, PrequentialEvaluation.DEFAULT_BATCH,
                -1, progress);
            final Map<StudentSettings, StudentPass.Result> hardRuns = new HashMap<>();
            for (final Map<String, String> point : group.getValue()) {
                final StudentSettings student = studentOf.apply(point);
                final StudentPass.Result distilled = StudentPass.run(labels.tape(), student, 0, "student", progress);
                final StudentPass.Result hard = hardRuns.computeIfAbsent(hardKey(student),
                    s -> StudentPass.run(labels.tape(), s, 0, "hard-label student", progress));
                final Map<String, String> shown = new LinkedHashMap<>();
                for (final String key : varied) {
                    shown.put(key, point.get(key));
                }
                final Point result = new Point(shown, distilled.teacher(), distilled.student(), hard.student(), distilled.popularity(),
                    labels.teacherParams(), distilled.parameters());
                LOG.info("sweep point {}: distilled {} hard-only {} teacher {}", shown, distilled.student(), hard.student(),
                    distilled.teacher());
                results.add(result);
            }
        }
        results.sort(Comparator.comparingDouble((Point p) -> p.distilled().ndcg()).reversed());
        return results;
    }

    /** The hard-label baseline ignores the soft-term settings: one run serves every alpha and temperature. */
    private static StudentSettings hardKey(final StudentSettings student) {
        return student.toBuilder().alpha(0f).temperature(0f).hardOnly(true).build();
    }

    /** The points as a table, best first. */
    public static String table(final List<Point> points) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-60s %8s %8s %8s %8s %9s %9s%n", "settings", "teacher", "student", "hard", "pop",
            "stu/tea", "stu/hard"));
        for (final Point p : points) {
            out.append(String.format(Locale.ROOT, "%-60s %8.4f %8.4f %8.4f %8.4f %9.3f %9.3f%n", p.settings(), p.teacher().ndcg(),
                p.distilled().ndcg(), p.hardOnly().ndcg(), p.popularity().ndcg(), p.distilledOverTeacher(),
                p.distilledOverHardOnly()));
        }
        return out.toString();
    }

    /** The points as CSV: the varied keys, then NDCG@10 and HR@10 of each model. */
    public static String csv(final List<Point> points) {
        final StringBuilder out = new StringBuilder();
        if (points.isEmpty()) {
            return out.toString();
        }
        final List<String> keys = new ArrayList<>(points.get(0).settings().keySet());
        out.append(String.join(",", keys)).append(
            ",teacher_ndcg10,student_ndcg10,hard_ndcg10,popularity_ndcg10,teacher_hr10,student_hr10,hard_hr10,popularity_hr10,"
                + "teacher_params,student_params\n");
        for (final Point p : points) {
            for (final String key : keys) {
                out.append(p.settings().get(key)).append(',');
            }
            out.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%d%n", p.teacher().ndcg(),
                p.distilled().ndcg(), p.hardOnly().ndcg(), p.popularity().ndcg(), p.teacher().hitRate(), p.distilled().hitRate(),
                p.hardOnly().hitRate(), p.popularity().hitRate(), p.teacherParameters(), p.studentParameters()));
        }
        return out.toString();
    }
}
