package io.distill.teacher.worker;

import static io.distill.teacher.worker.WorkerFixtures.TIMEOUT;
import static io.distill.teacher.worker.WorkerFixtures.readLabels;
import static io.distill.teacher.worker.WorkerFixtures.readLabelsNow;
import static io.distill.teacher.worker.WorkerFixtures.values;
import static io.distill.teacher.worker.WorkerFixtures.workerSettings;
import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.stack.TopicSpec;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.teacher.TeacherSettings;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker against a real broker and schema registry: exactly-once labelling, labels identical to the
 * teacher's own (so restarts change nothing), and its error paths. Each test uses its own topics, group and
 * transactional id.
 */
@ExtendWith(LocalKafkaExtension.class)
class TeacherWorkerIT {
    private static List<Interaction> events;
    private static List<SoftLabel> offline;
    /** The output of one uninterrupted worker over {@link #events}, in offset order. */
    private static List<ConsumerRecord<String, SoftLabel>> uninterrupted;
    private static TeacherWorkerMetrics uninterruptedMetrics;
    private static long uninterruptedJmxEvents;

    @BeforeAll
    static void runOneWorkerOverTheWholeStream(final SharedKafka kafka) throws Exception {
        events = WorkerFixtures.events();
        offline = WorkerFixtures.offlineLabels(events, TeacherSettings.DEFAULT);
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        WorkerFixtures.produce(kafka, input, events, 250);
        final String transactionalId = kafka.uniqueTopic("teacher-uninterrupted");
        try (InProcessWorker worker = InProcessWorker.start(workerSettings(kafka, input, output, "g-" + transactionalId,
                transactionalId))) {
            waitUntil(TIMEOUT, "the worker labelled every event", () -> worker.metrics().getEventsLabelled() == events.size());
            uninterruptedJmxEvents = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("io.distill:type=teacher-worker,id=" + transactionalId), "EventsLabelled");
            uninterruptedMetrics = worker.metrics();
            assertThat(worker.state()).isEqualTo(TeacherWorker.State.RUNNING);
        }
        uninterrupted = readLabels(kafka, output, events.size());
    }

    @Test
    void labelsEveryInteractionExactlyOnceKeyedByUserAtEventTime() {
        assertThat(uninterrupted).hasSize(events.size());
        final Map<String, Interaction> byId = events.stream().collect(Collectors.toMap(Interaction::getEventId, e -> e));
        assertThat(uninterrupted.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()))
            .as("one label per source event").isEqualTo(byId.keySet());
        for (final ConsumerRecord<String, SoftLabel> record : uninterrupted) {
            final Interaction event = byId.get(record.value().getEventId());
            assertThat(record.key()).isEqualTo(event.getUserId());
            assertThat(record.timestamp()).isEqualTo(event.getTimestamp().toEpochMilli());
            assertThat(record.value().getItemId()).isEqualTo(event.getItemId());
        }
        // Only the very first event meets an empty catalogue.
        assertThat(uninterrupted.get(0).value().getCandidates()).isEmpty();
        assertThat(uninterrupted.subList(1, uninterrupted.size())).allSatisfy(r -> assertThat(r.value().getCandidates()).isNotEmpty());
    }

    @Test
    void labelsAreTheTeachersOwnAndSwitchFromPopularityToEaseAfterTheFirstFit() {
        Labels.assertSame(values(uninterrupted), offline);
        // Default schedule: fit on 1000 events installed 500 events later, the next on 2000 installed at 2500.
        final List<String> versions = values(uninterrupted).stream().map(SoftLabel::getTeacherVersion).toList();
        assertThat(versions.get(0)).isEqualTo("popularity@0");
        assertThat(versions.subList(0, 1500)).allSatisfy(v -> assertThat(v).startsWith("popularity@"));
        assertThat(versions.subList(1500, 2500)).containsOnly("ease@1000");
        assertThat(versions.subList(2500, 3000)).containsOnly("ease@2000");
    }

    @Test
    void reportsItsWorkAsMetrics() {
        assertThat(uninterruptedJmxEvents).isEqualTo(events.size());
        assertThat(uninterruptedMetrics.getEventsLabelled()).isEqualTo(events.size());
        assertThat(uninterruptedMetrics.getBatches()).isGreaterThanOrEqualTo(events.size() / 500);
        assertThat(uninterruptedMetrics.getTransactionsAborted()).isZero();
        assertThat(uninterruptedMetrics.getRebuilds()).isGreaterThanOrEqualTo(1);
        assertThat(uninterruptedMetrics.getReplayedEvents()).isZero();
        assertThat(uninterruptedMetrics.getModelVersion()).isEqualTo("ease@2000");
        assertThat(uninterruptedMetrics.getModelColumns()).isPositive();
        assertThat(uninterruptedMetrics.getFits()).isEqualTo(2);
        assertThat(uninterruptedMetrics.getMeanLabelLatencyMicros()).isPositive();
        assertThat(uninterruptedMetrics.getState()).isEqualTo("STOPPED");
    }

    @Test
    void aRestartedWorkerResumesWithTheVeryLabelsOfAnUninterruptedOne(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        WorkerFixtures.produce(kafka, input, events, 250);
        final String transactionalId = kafka.uniqueTopic("teacher-restarted");
        final Map<String, String> settings = workerSettings(kafka, input, output, "g-" + transactionalId, transactionalId);
        // Small polls, so the first worker stops mid-stream: after the first fit started (1000), before it is installed (1500).
        settings.put(TeacherConfig.POLL_MAX_RECORDS, "100");
        final long firstRun;
        try (InProcessWorker first = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "the first worker labelled 1200 events", () -> first.metrics().getEventsLabelled() >= 1200);
            first.close();
            firstRun = first.metrics().getEventsLabelled();
        }
        assertThat(firstRun).as("stopped mid-stream").isLessThan(events.size());
        assertThat(readLabelsNow(kafka, output)).hasSize((int) firstRun);

        try (InProcessWorker second = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "the second worker labelled the rest",
                () -> second.metrics().getEventsLabelled() == events.size() - firstRun);
            assertThat(second.metrics().getReplayedEvents()).as("rebuilt from what the first one labelled").isEqualTo(firstRun);
        }
        final List<ConsumerRecord<String, SoftLabel>> labels = readLabels(kafka, output, events.size());
        assertThat(labels).hasSize(events.size());
        Labels.assertSame(Labels.byEventId(values(labels)), Labels.byEventId(values(uninterrupted)));
    }

    @Test
    void severalPartitionsAreLabelledExactlyOnceAcrossARestart(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 3);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 3);
        WorkerFixtures.produce(kafka, input, events, 250);
        final String transactionalId = kafka.uniqueTopic("teacher-partitions");
        final Map<String, String> settings = workerSettings(kafka, input, output, "g-" + transactionalId, transactionalId);
        settings.put(TeacherConfig.POLL_MAX_RECORDS, "100");
        final long firstRun;
        try (InProcessWorker first = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "the first worker labelled 1000 events", () -> first.metrics().getEventsLabelled() >= 1000);
            first.close();
            firstRun = first.metrics().getEventsLabelled();
        }
        try (InProcessWorker second = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "the second worker labelled the rest",
                () -> second.metrics().getEventsLabelled() == events.size() - firstRun);
            assertThat(second.metrics().getReplayedEvents()).isEqualTo(firstRun);
        }
        final List<ConsumerRecord<String, SoftLabel>> labels = readLabels(kafka, output, events.size());
        assertThat(labels).hasSize(events.size());
        assertThat(labels).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getUserId()));
        // Event time increases through the stream, so merging the partitions by timestamp restores the
        // stream's own order: the very labels of the one-partition run.
        Labels.assertSame(Labels.byEventId(values(labels)), Labels.byEventId(values(uninterrupted)));
    }

    @Test
    void aPartitionWithoutRecordsDoesNotHoldTheOthersBack(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 2);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 2);
        WorkerFixtures.produce(kafka, input, 0, events.subList(0, 200), 50);
        final String transactionalId = kafka.uniqueTopic("teacher-idle-partition");
        try (InProcessWorker worker = InProcessWorker.start(workerSettings(kafka, input, output, "g-" + transactionalId,
                transactionalId))) {
            waitUntil(TIMEOUT, "the worker labelled 200 events", () -> worker.metrics().getEventsLabelled() == 200);
            // live: events arriving while the worker is idle
            WorkerFixtures.produce(kafka, input, 0, events.subList(200, 300), 50);
            waitUntil(TIMEOUT, "the worker labelled 300 events", () -> worker.metrics().getEventsLabelled() == 300);
        }
        Labels.assertSame(Labels.byEventId(values(readLabels(kafka, output, 300))), Labels.byEventId(offline.subList(0, 300)));
    }

    @Test
    void aFailedTransactionIsAbortedAndTheTeacherRebuiltFromTheCommittedPrefix(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        final String transactionalId = kafka.uniqueTopic("teacher-failing");
        final Map<String, String> settings = workerSettings(kafka, input, output, "g-" + transactionalId, transactionalId);
        settings.put("producer.partitioner.class", FailingPartitioner.class.getName());
        settings.put(TeacherConfig.POLL_MAX_RECORDS, "100");
        // 1200 events: a fit started at 1000 is still to be installed (at 1500) when the next batch fails.
        WorkerFixtures.produce(kafka, input, events.subList(0, 1200), 200);
        try (InProcessWorker worker = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "the worker labelled 1200 events", () -> worker.metrics().getEventsLabelled() == 1200);
            FailingPartitioner.failNextSends(transactionalId, 2);
            WorkerFixtures.produce(kafka, input, events.subList(1200, 1800), 200);
            waitUntil(TIMEOUT, "the worker labelled 1800 events", () -> worker.metrics().getEventsLabelled() == 1800);
            assertThat(worker.metrics().getTransactionsAborted()).isEqualTo(2);
            assertThat(worker.metrics().getRebuilds()).as("at start-up, then after each abort").isEqualTo(3);
            assertThat(worker.metrics().getReplayedEvents()).as("the committed prefix, twice").isEqualTo(2 * 1200);
        }
        final List<ConsumerRecord<String, SoftLabel>> labels = readLabels(kafka, output, 1800);
        assertThat(labels).hasSize(1800);
        // What the aborted batches taught the teacher was thrown away with it: the labels are the uninterrupted ones.
        Labels.assertSame(values(labels), offline.subList(0, 1800));
    }

    @Test
    void aMissingOutputTopicFailsEachTransactionQuicklyUntilItExists(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = kafka.uniqueTopic("soft-labels-created-late");
        WorkerFixtures.produce(kafka, input, events.subList(0, 600), 100);
        final String transactionalId = kafka.uniqueTopic("teacher-aborting");
        final Map<String, String> settings = workerSettings(kafka, input, output, "g-" + transactionalId, transactionalId);
        // Sends to the missing output topic fail after 1 s instead of 60 s.
        settings.put("producer.max.block.ms", "1000");
        try (InProcessWorker worker = InProcessWorker.start(settings)) {
            waitUntil(TIMEOUT, "two transactions were aborted", () -> worker.metrics().getTransactionsAborted() >= 2);
            assertThat(worker.metrics().getEventsLabelled()).isZero();
            kafka.createTopics(TopicSpec.of(output, 1).withConfig("retention.ms", "-1"));
            waitUntil(TIMEOUT, "the worker labelled every event", () -> worker.metrics().getEventsLabelled() == 600);
            assertThat(worker.metrics().getRebuilds()).as("one rebuild per abort, after the first").isGreaterThanOrEqualTo(3);
            assertThat(worker.state()).isEqualTo(TeacherWorker.State.RUNNING);
        }
        Labels.assertSame(values(readLabels(kafka, output, 600)), offline.subList(0, 600));
    }

    @Test
    void anUnreadableRecordStopsTheWorkerNamingWhereItIs(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        WorkerFixtures.produce(kafka, input, events.subList(0, 20), 20);
        final long badOffset;
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            final RecordMetadata sent = raw.send(new ProducerRecord<>(input, "u1", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            badOffset = sent.offset();
        }
        final String transactionalId = kafka.uniqueTopic("teacher-unreadable");
        try (InProcessWorker worker = InProcessWorker.start(workerSettings(kafka, input, output, "g-" + transactionalId,
                transactionalId))) {
            waitUntil(TIMEOUT, "the worker failed", () -> worker.state() == TeacherWorker.State.FAILED);
            assertThat(worker.worker().failure()).get().extracting(Throwable::getMessage).asString()
                .contains(input + "-0", "offset " + badOffset);
        }
        assertThat(readLabelsNow(kafka, output)).as("the events before it are labelled").hasSize(20);
    }

    @Test
    void aNewInstanceWithTheSameTransactionalIdFencesTheOldOne(final SharedKafka kafka) throws Exception {
        final String input = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String output = WorkerFixtures.topic(kafka, "soft-labels", 1);
        final String otherInput = WorkerFixtures.topic(kafka, "interactions-valid", 1);
        final String otherOutput = WorkerFixtures.topic(kafka, "soft-labels", 1);
        WorkerFixtures.produce(kafka, input, events.subList(0, 100), 100);
        final String transactionalId = kafka.uniqueTopic("teacher-fenced");
        try (InProcessWorker old = InProcessWorker.start(workerSettings(kafka, input, output, "g1-" + transactionalId,
                transactionalId))) {
            waitUntil(TIMEOUT, "the old worker labelled 100 events", () -> old.metrics().getEventsLabelled() == 100);
            final Map<String, String> newSettings = new HashMap<>(workerSettings(kafka, otherInput, otherOutput,
                "g2-" + transactionalId, transactionalId));
            try (InProcessWorker successor = InProcessWorker.start(newSettings)) {
                waitUntil(TIMEOUT, "the new worker runs", () -> successor.state() == TeacherWorker.State.RUNNING);
                WorkerFixtures.produce(kafka, input, events.subList(100, 110), 10);
                waitUntil(TIMEOUT, "the old worker noticed it was fenced", () -> old.state() == TeacherWorker.State.FENCED);
                assertThat(successor.state()).isEqualTo(TeacherWorker.State.RUNNING);
            }
        }
        assertThat(readLabelsNow(kafka, output)).as("nothing committed after fencing").hasSize(100);
        assertThat(Set.copyOf(values(readLabelsNow(kafka, output)).stream().map(SoftLabel::getEventId).toList())).hasSize(100);
    }
}
