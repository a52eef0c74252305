package io.distill.teacher.worker;

import static io.distill.teacher.worker.WorkerFixtures.TIMEOUT;
import static io.distill.teacher.worker.WorkerFixtures.values;
import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.stack.KafkaBroker;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.RecordCollector;
import io.distill.stack.testing.SharedKafka;
import io.distill.teacher.TeacherSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker keeps going through a restart of its broker (its own broker, so the shared one is never stopped;
 * schemas stay in the shared registry): no label lost, none repeated, and the labels are still those of an
 * uninterrupted run.
 */
@ExtendWith(LocalKafkaExtension.class)
class TeacherBrokerRestartIT {

    @Test
    void survivesABrokerRestartWithoutLosingOrRepeatingALabel(final SharedKafka shared, @TempDir final Path dir) throws Exception {
        final List<Interaction> events = WorkerFixtures.events();
        try (KafkaBroker broker = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka")))) {
            broker.start();
            final String input = "interactions-valid";
            final String output = "soft-labels";
            TopicProvisioner.provision(broker.bootstrapServers(), List.of(
                TopicSpec.of(input, 1).withConfig("retention.ms", "-1"),
                TopicSpec.of(output, 1).withConfig("retention.ms", "-1")), TIMEOUT);
            WorkerFixtures.produce(broker.bootstrapServers(), shared.schemaRegistryUrl(), input, null, events, 250);

            final Map<String, String> settings = new HashMap<>(WorkerFixtures.workerSettings(shared, input, output, "g", "teacher-0"));
            settings.put("bootstrap.servers", broker.bootstrapServers());
            settings.put(TeacherConfig.POLL_MAX_RECORDS, "50");
            try (InProcessWorker worker = InProcessWorker.start(settings)) {
                waitUntil(TIMEOUT, "the worker labelled 1000 events", () -> worker.metrics().getEventsLabelled() >= 1000);
                broker.restart();
                waitUntil(TIMEOUT, "the worker labelled every event", () -> worker.metrics().getEventsLabelled() == events.size());
                assertThat(worker.state()).isEqualTo(TeacherWorker.State.RUNNING);
            }
            final List<ConsumerRecord<String, SoftLabel>> labels =
                WorkerFixtures.readLabelsNow(RecordCollector.forBootstrap(broker.bootstrapServers()), shared.schemaRegistryUrl(), output);
            assertThat(labels).hasSize(events.size());
            Labels.assertSame(Labels.byEventId(values(labels)),
                Labels.byEventId(WorkerFixtures.offlineLabels(events, TeacherSettings.DEFAULT)));
        }
    }
}
