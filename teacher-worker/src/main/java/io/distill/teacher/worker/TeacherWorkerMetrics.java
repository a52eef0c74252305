package io.distill.teacher.worker;

import javax.management.MXBean;

/**
 * What a running teacher worker reports over JMX, registered as
 * {@code io.distill:type=teacher-worker,id=<teacher.transactional.id>} (one per instance, so several can
 * share a JVM). Counters are totals since the worker was created; values read from another thread may be
 * a batch behind.
 */
@MXBean
public interface TeacherWorkerMetrics {

    /** The worker's lifecycle state ({@link TeacherWorker.State}). */
    String getState();

    /** Interactions labelled in committed transactions. */
    long getEventsLabelled();

    /** Committed transactions (one per non-empty poll). */
    long getBatches();

    /** Transactions aborted after an error (each followed by a rebuild). */
    long getTransactionsAborted();

    /** Times the teacher was rebuilt from the labelled prefix (start-up, assignment changes, aborts). */
    long getRebuilds();

    /** Events replayed into rebuilt teachers, over all rebuilds. */
    long getReplayedEvents();

    /** How long the last rebuild took, replay and the fit in force included, in milliseconds. */
    long getLastRebuildMillis();

    /** Version of the teacher model in force ({@code popularity@n} before the first fit, then {@code ease@n}). */
    String getModelVersion();

    /** Items the model in force ranks (its columns). */
    int getModelColumns();

    /** Fits started by the current teacher, replayed ones included. */
    long getFits();

    /** How long the fit of the model in force took, in milliseconds (0 before the first fit). */
    long getLastFitMillis();

    /** Mean time the teacher spent per labelled event (scoring, and learning from it), in microseconds. */
    double getMeanLabelLatencyMicros();
}
