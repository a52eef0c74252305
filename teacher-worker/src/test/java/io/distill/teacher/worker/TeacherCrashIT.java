package io.distill.teacher.worker;

import static io.distill.teacher.worker.WorkerFixtures.TIMEOUT;
import static io.distill.teacher.worker.WorkerFixtures.values;
import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.stack.JavaProcess;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.teacher.TeacherSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly-once across a crash: {@link TeacherMain} runs as its own JVM against the shared broker, is killed
 * with SIGKILL while it is labelling, and is started again. The output must hold one label per input event,
 * no more, no fewer, and the very labels of an uninterrupted run.
 */
@ExtendWith(LocalKafkaExtension.class)
class TeacherCrashIT {
    private static final Path LOGS = Path.of("target", "teacher-crash-it");

    @Test
    void aWorkerKilledWhileLabellingResumesExactlyOnceWithTheSameLabels(final SharedKafka kafka) throws Exception {
        final List<Interaction> events = WorkerFixtures.events();
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        // Half the stream now, the rest while the restarted worker runs: it is killed while it has work.
        WorkerFixtures.produce(kafka, input, events.subList(0, 1500), 250);
        final String transactionalId = kafka.uniqueTopic("teacher-crash");
        final List<String> args = arguments(WorkerFixtures.workerSettings(kafka, input, output, "g-" + transactionalId,
            transactionalId));

        final int labelledBeforeKill;
        final JavaProcess first = start("teacher-1", args);
        try {
            waitUntil(TIMEOUT, "the first worker committed 300 labels", () -> committed(kafka, output) >= 300);
            assertThat(first.kill9()).isEqualTo(137);
            labelledBeforeKill = committed(kafka, output);
        } finally {
            first.close();
        }
        assertThat(labelledBeforeKill).as("killed before it had labelled everything it was given").isLessThan(1500);

        try (JavaProcess second = start("teacher-2", args)) {
            WorkerFixtures.produce(kafka, input, events.subList(1500, events.size()), 250);
            waitUntil(TIMEOUT, "the second worker committed every label", () -> committed(kafka, output) >= events.size());
            assertThat(second.isAlive()).as("second worker still running").isTrue();
            second.terminate();
            assertThat(second.logTail(400)).contains("replayed events", "state STOPPING -> STOPPED");
        }
        final List<ConsumerRecord<String, SoftLabel>> labels = WorkerFixtures.readLabelsNow(kafka, output);
        assertThat(labels).hasSize(events.size());
        Labels.assertSame(Labels.byEventId(values(labels)),
            Labels.byEventId(WorkerFixtures.offlineLabels(events, TeacherSettings.DEFAULT)));
    }

    private static JavaProcess start(final String name, final List<String> args) throws IOException {
        Files.createDirectories(LOGS);
        final Path log = LOGS.resolve(name + ".log");
        Files.deleteIfExists(log);
        return JavaProcess.builder(TeacherMain.class.getName()).name(name).args(args).jvmArgs("-Xmx512m")
            .logFile(log).start();
    }

    /** Command-line settings; small polls, so the worker spends its time in many short transactions. */
    private static List<String> arguments(final Map<String, String> settings) {
        final List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        args.add("--set");
        args.add(TeacherConfig.POLL_MAX_RECORDS + "=25");
        return args;
    }

    private static int committed(final SharedKafka kafka, final String topic) {
        return WorkerFixtures.readLabelsNow(kafka, topic).size();
    }
}
