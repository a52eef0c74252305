package io.distill.app.pipeline;

import io.distill.app.http.ComponentHealth;
import io.distill.runtime.metrics.MetricSink;
import io.distill.runtime.metrics.MetricType;
import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.teacher.worker.TeacherConfig;
import io.distill.teacher.worker.TeacherWorker;
import io.distill.teacher.worker.TeacherWorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher worker as a {@link PipelineService}: a {@link TeacherWorker} on a thread of its own. Its metrics are
 * the worker's MXBean getters ({@code distill_teacher_*}) and its Kafka clients' metrics ({@code kafka_*}, read from
 * the clients' JMX beans, since the worker keeps its clients to itself).
 */
public final class TeacherService implements PipelineService {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final TeacherConfig config;
    private final TeacherWorker worker;
    private final Thread thread;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Parses and checks the settings and registers the worker's MXBean; connects to nothing.
     *
     * @throws ConfigException naming the key of an invalid or missing setting
     */
    public TeacherService(final Map<String, ?> settings, final Clock clock) {
        this.config = new TeacherConfig(settings);
        this.worker = new TeacherWorker(config, clock);
        this.thread = new Thread(worker, "distill-teacher-" + config.transactionalId());
    }

    @Override
    public String name() {
        return "teacher";
    }

    /** The worker, for its state and metrics. */
    public TeacherWorker worker() {
        return worker;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("the teacher can be started once; it is " + (closed ? "closed" : "started"));
        }
        started = true;
        LOG.info("Teacher {} (group {}): {} -> {}", config.transactionalId(), config.groupId(),
            config.topics().interactionsValid(), config.topics().softLabels());
        thread.start();
    }

    @Override
    public ComponentHealth health() {
        final TeacherWorker.State state = worker.state();
        return switch (state) {
            case STARTING, REBUILDING, RUNNING -> ComponentHealth.up(state.name());
            default -> ComponentHealth.down(state.name(), failure().orElse("the teacher is not running"));
        };
    }

    @Override
    public Optional<String> failure() {
        if (!started || closed) {
            return Optional.empty();
        }
        return switch (worker.state()) {
            case FAILED -> Optional.of("the teacher failed: " + worker.failure().map(Throwable::toString).orElse("(no cause recorded)"));
            case FENCED -> Optional.of("the teacher was fenced: another instance with " + TeacherConfig.TRANSACTIONAL_ID + "="
                + config.transactionalId() + " took over");
            case STOPPED -> Optional.of("the teacher stopped");
            default -> Optional.empty();
        };
    }

    @Override
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return worker.awaitTermination(timeout);
    }

    @Override
    public MetricsRegistration registerMetrics(final PrometheusRegistry registry) {
        final TeacherWorkerMetrics bean = worker.metrics();
        final List<MetricsRegistration> all = new ArrayList<>();
        all.add(registry.counter("distill_teacher_events_labelled_total", "Interactions labelled in committed transactions.",
            bean::getEventsLabelled));
        all.add(registry.counter("distill_teacher_batches_total", "Committed transactions, one per non-empty poll.",
            bean::getBatches));
        all.add(registry.counter("distill_teacher_transactions_aborted_total",
            "Transactions aborted after an error, each followed by a rebuild.", bean::getTransactionsAborted));
        all.add(registry.counter("distill_teacher_rebuilds_total",
            "Times the teacher was rebuilt from the labelled prefix (start-up, assignment changes, aborts).", bean::getRebuilds));
        all.add(registry.counter("distill_teacher_replayed_events_total", "Events replayed into rebuilt teachers.",
            bean::getReplayedEvents));
        all.add(registry.counter("distill_teacher_fits_total", "Fits started by the current teacher, replayed ones included.",
            bean::getFits));
        all.add(registry.gauge("distill_teacher_last_rebuild_seconds", "Duration of the last rebuild.",
            () -> bean.getLastRebuildMillis() / 1e3));
        all.add(registry.gauge("distill_teacher_last_fit_seconds", "Duration of the fit of the model in force (0 before the first).",
            () -> bean.getLastFitMillis() / 1e3));
        all.add(registry.gauge("distill_teacher_model_items", "Items the model in force ranks.", bean::getModelColumns));
        all.add(registry.gauge("distill_teacher_label_latency_mean_seconds",
            "Mean time the teacher spent per labelled event (scoring and learning).", () -> bean.getMeanLabelLatencyMicros() / 1e6));
        all.add(registry.add(this::collectInfo));
        all.add(registry.add(new JmxClientMetrics(clientId -> clientId.contains(config.transactionalId()))));
        return () -> all.forEach(MetricsRegistration::close);
    }

    /** The state and model version, which are text: one series per value, at 1. */
    private void collectInfo(final MetricSink sink) {
        final TeacherWorker.State current = worker.state();
        for (final TeacherWorker.State state : TeacherWorker.State.values()) {
            sink.sample("distill_teacher_state", MetricType.GAUGE, "The worker's lifecycle state: 1 for the current one.",
                Map.of("state", state.name()), state == current ? 1 : 0);
        }
        sink.sample("distill_teacher_model_info", MetricType.GAUGE, "Version of the teacher model in force; always 1.",
            Map.of("version", worker.metrics().getModelVersion()), 1);
    }

    /** Asks the worker to stop (its transaction finished, clients closed) and joins its thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        worker.close(CLOSE_TIMEOUT);
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
