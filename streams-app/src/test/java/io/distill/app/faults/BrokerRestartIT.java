package io.distill.app.faults;

import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.stack.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker goes away mid-stream and comes back: the three workers (separate JVMs) and the feed keep running and
 * recover by themselves, nothing restarts them. The broker is stopped cleanly (SIGTERM) once the student has written
 * a third of its output, and started again on the same ports and data. With {@code -Psoak} ({@value #RESTARTS} = 2)
 * it goes away twice, at a quarter and at half of the student's output, the second time killed with SIGKILL. The same
 * exactly-once audit as {@link CrashIT} must hold.
 */
class BrokerRestartIT {
    static final String RESTARTS = "distill.faults.broker.restarts";
    /**
     * System property: {@code true} runs the workers with {@link #SHORT_TIMEOUTS} (on in {@code -Psoak}). Then sends
     * in flight fail during the outage and each worker must recover on its own: the teacher aborts and rebuilds its
     * producer; the ingest's and the student's stream threads are replaced by {@code ThreadRecovery} (the student's
     * commit fails with a plain {@code KafkaException}, "... It is safe to abort the transaction and continue"). Off by
     * default: a 1 s request timeout on a loaded CI machine can also fire outside the outage, and each such failure
     * spends the replacement budget.
     */
    static final String SHORT_PRODUCER_TIMEOUTS = "distill.faults.short.producer.timeouts";
    /**
     * Producer timeouts shorter than the outage, so that the workers do not merely wait for the broker: sends and
     * transaction commits in flight fail, and the workers must recover from those failures (abort, retry, replace a
     * stream thread) without losing or repeating anything.
     */
    static final Map<String, String> SHORT_TIMEOUTS = Map.of("producer.request.timeout.ms", "1000",
        "producer.delivery.timeout.ms", "2500", "producer.max.block.ms", "2000");
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final Duration TIMEOUT = FaultRun.timeout();

    @Test
    void theWorkersRideOutABrokerRestartExactlyOnce(@TempDir final Path dir) throws Exception {
        final int restarts = Integer.getInteger(RESTARTS, 1);
        final Map<String, String> workerSettings = Boolean.getBoolean(SHORT_PRODUCER_TIMEOUTS) ? SHORT_TIMEOUTS : Map.of();
        try (FaultRun run = new FaultRun("broker-restart", dir, workerSettings)) {
            run.startWorkers();
            run.feed().start();
            final KafkaBroker broker = run.stack().broker();
            final long total = run.totals().get(WorkerRole.STUDENT);
            final List<String> outages = new ArrayList<>();
            for (int i = 1; i <= restarts; i++) {
                final long threshold = total * i / (restarts + 2);
                waitUntil(TIMEOUT, "the student has written " + threshold + " records", () -> {
                    run.requireHealthy();
                    return run.progress(WorkerRole.STUDENT) >= threshold;
                });
                final boolean kill = i % 2 == 0;
                final long down = System.nanoTime();
                if (kill) {
                    broker.kill();
                } else {
                    broker.stop();
                }
                broker.start();
                final String outage = String.format(Locale.ROOT, "broker %s at %,d student records, back after %.1f s",
                    kill ? "killed (SIGKILL)" : "stopped (SIGTERM)", threshold, (System.nanoTime() - down) / 1e9);
                LOG.info("{}", outage);
                outages.add(outage);
            }
            final PipelineAudit.Result result = run.finish(TIMEOUT);

            final List<String> summary = new ArrayList<>(result.report());
            summary.addAll(outages);
            run.writeSummary(summary);
            for (final WorkerProcess worker : run.workers().values()) {
                assertThat(worker.starts()).as("%s was never restarted", worker.role().label()).isEqualTo(1);
            }
            result.assertExactlyOnce();
        }
    }
}
