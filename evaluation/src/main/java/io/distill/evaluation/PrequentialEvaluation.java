package io.distill.evaluation;

import io.distill.avro.Interaction;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.student.StudentSettings;
import io.distill.teacher.TeacherSettings;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prequential (test-then-train) evaluation of the whole product on a replayed stream: the teacher
 * labels every event as the teacher worker would, then a distilled student and a hard-label-only
 * student of the same size learn from the labels as the student worker would, each event ranked over
 * the full catalogue (seen items excluded) before anything learns from it.
 *
 * <p>The two students run concurrently: they share nothing but the (read-only) label tape.
 */
public final class PrequentialEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(PrequentialEvaluation.class);

    /** Poll-sized teacher batches, as the worker labels them. */
    public static final int DEFAULT_BATCH = 500;
    /** Time one full recommendation every this many events. */
    public static final int DEFAULT_RECOMMEND_EVERY = 25;

    private final TeacherSettings teacher;
    private final StudentSettings student;
    private final ValidationLimits limits;
    private final int batchSize;

    public PrequentialEvaluation(final TeacherSettings teacher, final StudentSettings student, final ValidationLimits limits,
                                 final int batchSize) {
        this.teacher = teacher;
        this.student = student;
        this.limits = limits;
        this.batchSize = batchSize;
    }

    /**
     * @param dataset  name for the report
     * @param events   the stream, in event-time order
     * @param expected events expected (for progress), or -1
     */
    public EvaluationResult run(final String dataset, final Iterator<Interaction> events, final long expected, final Progress progress) {
        final long started = System.nanoTime();
        final TeacherPass.Result labels = TeacherPass.run(events, teacher, limits, batchSize, expected, progress);
        LOG.info("teacher labelled {} of {} events of {} ({} fits, last model {})", labels.valid(), labels.read(), dataset,
            labels.fits(), labels.teacherVersion());
        final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            final Thread thread = new Thread(r, "distill-evaluate-student");
            thread.setDaemon(true);
            return thread;
        });
        try {
            final CompletableFuture<StudentPass.Result> distilled = CompletableFuture.supplyAsync(
                () -> StudentPass.run(labels.tape(), student, DEFAULT_RECOMMEND_EVERY, "student (distilled)", progress), pool);
            final CompletableFuture<StudentPass.Result> hard = CompletableFuture.supplyAsync(
                () -> StudentPass.run(labels.tape(), student.asHardOnly(), DEFAULT_RECOMMEND_EVERY, "student (hard)", Progress.NONE), pool);
            final StudentPass.Result d = distilled.get();
            final StudentPass.Result h = hard.get();
            final List<ModelRow> rows = List.of(
                new ModelRow(EvaluationResult.TEACHER, d.teacher(), labels.teacherParams(), labels.teacherParams() * Float.BYTES,
                    labels.microsPerLabel()),
                new ModelRow(EvaluationResult.DISTILLED, d.student(), d.parameters(), d.parameters() * Float.BYTES,
                    d.microsPerRecommendation()),
                new ModelRow(EvaluationResult.HARD_ONLY, h.student(), h.parameters(), h.parameters() * Float.BYTES,
                    h.microsPerRecommendation()),
                new ModelRow(EvaluationResult.POPULARITY, d.popularity(), d.items(), (long) d.items() * Float.BYTES, Double.NaN));
            return new EvaluationResult(dataset, labels.read(), labels.rejected(), labels.valid(), rows, d, h, teacher, student,
                Duration.ofNanos(System.nanoTime() - started));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating " + dataset, e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("student evaluation of " + dataset + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
