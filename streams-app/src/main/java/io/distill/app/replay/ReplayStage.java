package io.distill.app.replay;

/** What a replay rebuilds. */
public enum ReplayStage {
    /** The student, from {@code soft-labels}: the teacher is not run again. */
    STUDENT,
    /** Everything, from {@code interactions}: ingest, teacher and student. */
    ALL
}
