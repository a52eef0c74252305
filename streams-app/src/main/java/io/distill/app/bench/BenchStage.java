package io.distill.app.bench;

/**
 * What {@code distill bench} measures, in the order it measures them in every round. Each stage drains a backlog that
 * is already on the broker: the pass-through and the ingest read the published interactions, the teacher reads what
 * the ingest of the same round wrote, the student what the teacher of the same round wrote, and the pipeline reads the
 * published interactions through all three services at once.
 */
public enum BenchStage {
    /** A no-op Kafka Streams application, bytes in and bytes out: the baseline every ratio is taken against. */
    PASSTHROUGH("pass-through", "interactions -> copy (no-op Kafka Streams)"),
    /** The ingest alone: validate, de-duplicate, dead-letter. */
    INGEST("ingest", "interactions -> interactions-valid"),
    /** The teacher alone: label every valid interaction. */
    TEACHER("teacher", "interactions-valid -> soft-labels"),
    /** The student alone: learn from every soft label and publish a recommendation. */
    STUDENT("student", "soft-labels -> recommendations"),
    /** Ingest, teacher and student together. */
    PIPELINE("pipeline", "interactions -> recommendations (all three)");

    private final String label;
    private final String path;

    BenchStage(final String label, final String path) {
        this.label = label;
        this.path = path;
    }

    /** {@code pass-through}, {@code ingest}, ...: the name in tables, files and topic names. */
    public String label() {
        return label;
    }

    /** Which topics it reads and writes, for the table. */
    public String path() {
        return path;
    }
}
