package io.distill.teacher.worker;

import java.time.Duration;
import java.util.Map;

/** A {@link TeacherWorker} running on its own thread, for tests; closing it stops the worker and joins the thread. */
final class InProcessWorker implements AutoCloseable {
    private final TeacherWorker worker;
    private final Thread thread;

    private InProcessWorker(final TeacherWorker worker, final String name) {
        this.worker = worker;
        this.thread = new Thread(worker, name);
    }

    static InProcessWorker start(final Map<String, String> settings) {
        final TeacherConfig config = new TeacherConfig(settings);
        final InProcessWorker running = new InProcessWorker(new TeacherWorker(config, WorkerFixtures.CLOCK),
            "teacher-worker-" + config.transactionalId());
        running.thread.start();
        return running;
    }

    TeacherWorker worker() {
        return worker;
    }

    TeacherWorkerMetrics metrics() {
        return worker.metrics();
    }

    TeacherWorker.State state() {
        return worker.state();
    }

    @Override
    public void close() throws InterruptedException {
        worker.close(Duration.ofSeconds(30));
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
