package io.distill.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across kill -9: the ingest, the teacher and the student run as separate JVMs (their own mains) on a
 * broker of this test's own, while a feed publishes 50,000 synthetic events with a bad record after every 500. A
 * seeded schedule kills each worker with SIGKILL at a random point of its own progress and restarts it at once
 * (more events and kills with {@code -Psoak}). When the pipeline is quiet, everything is read back with
 * read_committed: every valid event exactly once in interactions-valid, exactly one soft label and one recommendation
 * per valid eventId, every bad record dead-lettered once with its reason, and the student's counters equal to the
 * labels it consumed. Figures in {@code target/faults/crash/summary.txt}.
 */
class CrashIT {
    private static final long SEED = 20_240_101L;
    private static final Duration TIMEOUT = FaultRun.timeout();

    @Test
    void killingEveryWorkerMidStreamLosesAndDuplicatesNothing(@TempDir final Path dir) throws Exception {
        try (FaultRun run = new FaultRun("crash", dir)) {
            run.startWorkers();
            run.feed().start();
            final Chaos chaos = new Chaos(SEED, FaultRun.killsPerWorker(), run.totals(), run.workers(), run::progress,
                run::requireHealthy);
            chaos.run(TIMEOUT);
            final PipelineAudit.Result result = run.finish(TIMEOUT);

            final List<String> summary = new ArrayList<>(result.report());
            summary.add("kills: " + chaos.planned());
            run.writeSummary(summary);
            for (final WorkerProcess worker : run.workers().values()) {
                assertThat(worker.kills()).as("%s killed", worker.role().label()).isEqualTo(FaultRun.killsPerWorker());
            }
            result.assertExactlyOnce();
        }
    }
}
