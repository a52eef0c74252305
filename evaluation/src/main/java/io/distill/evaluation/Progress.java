package io.distill.evaluation;

/** Receives progress of long work (a terminal progress bar, a log line); called from the working thread. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> { };

    /**
     * @param stage what is running
     * @param done  units done so far
     * @param total units expected, or -1 when unknown
     */
    void update(String stage, long done, long total);
}
