package io.distill.app.faults;

import static io.distill.stack.testing.WaitUntil.waitUntil;

import io.distill.app.ingest.DeadLetterHeaders;
import io.distill.avro.Interaction;
import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.validation.RejectReason;
import io.distill.stack.testing.RecordCollector;
import io.distill.student.StudentSettings;
import io.distill.student.UserState;
import io.distill.student.stream.StudentConfig;
import io.distill.student.stream.StudentStores;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.assertj.core.api.SoftAssertions;

/**
 * The end-of-run check of a fault test. It first waits until the pipeline is quiet, stage by stage: the ingest's
 * group has committed every input record, then the teacher's group every valid record, then the student's every
 * soft label (offsets are committed in the same transactions as the outputs, so each stage's output is then final).
 * Then it reads every topic from the beginning with {@code read_committed} and counts, per stage, records, distinct
 * eventIds, duplicates (records beyond the first of an eventId), losses (expected eventIds missing) and unexpected
 * eventIds; the dead-letter topic per bad record marker; and the student's counters from its changelogs.
 *
 * <p>The ground truth of what the workers were given is {@code interactions} itself: a record the feed sent again after
 * a failed send ({@link EventFeed}) may be there twice. A bad record must then be dead-lettered once per copy, and each
 * extra copy of a good event must be dead-lettered as {@code DUPLICATE_EVENT} (the ingest's de-duplication); neither is
 * counted as a duplicate or an unexpected dead letter.
 */
final class PipelineAudit {

    /**
     * One stage's output, by eventId.
     *
     * @param stage      topic role
     * @param records    records read
     * @param distinct   distinct eventIds among them
     * @param duplicates records beyond the first of each eventId
     * @param lost       expected eventIds not found
     * @param unexpected eventIds found that were not expected
     */
    record StageCount(String stage, long records, long distinct, long duplicates, long lost, long unexpected) {
        static StageCount of(final String stage, final Collection<String> ids, final Set<String> expected) {
            final Map<String, Integer> counts = new HashMap<>();
            ids.forEach(id -> counts.merge(id, 1, Integer::sum));
            final long lost = expected.stream().filter(id -> !counts.containsKey(id)).count();
            final long unexpected = counts.keySet().stream().filter(id -> !expected.contains(id)).count();
            return new StageCount(stage, ids.size(), counts.size(), ids.size() - counts.size(), lost, unexpected);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-16s records %,7d  distinct %,7d  duplicates %d  lost %d  unexpected %d", stage,
                records, distinct, duplicates, lost, unexpected);
        }
    }

    /**
     * What the dead-letter topic holds.
     *
     * @param byReason    records per reason header
     * @param badSent     bad records the feed sent (distinct markers)
     * @param records     records in the dead-letter topic
     * @param missing     copies of bad records in {@code interactions} that were not dead-lettered
     * @param duplicates  dead letters of bad records beyond their copies in {@code interactions}
     * @param wrongReason bad records dead-lettered with another reason than their kind's
     * @param unexpected  dead-lettered records that were not sent as bad (a good event rejected)
     * @param copies      extra copies in {@code interactions} of records the feed sent again (good and bad)
     * @param resentDuplicates extra copies of good events dead-lettered as {@code DUPLICATE_EVENT}, as they must be
     */
    record DeadLetters(Map<RejectReason, Long> byReason, long badSent, long records, long missing, long duplicates,
                       long wrongReason, long unexpected, long copies, long resentDuplicates, List<String> problems) {

        /** The first {@code n} problems, and how many more: a broken run can have tens of thousands. */
        String firstProblems(final int n) {
            return problems.size() <= n ? problems.toString()
                : problems.subList(0, n) + " and " + (problems.size() - n) + " more";
        }
    }

    /**
     * The whole audit.
     *
     * @param expectedValid  good events sent
     * @param stages         valid interactions, soft labels, recommendations
     * @param deadLetters    the dead-letter topic
     * @param labelsConsumed the student's labels-consumed counters (meta store changelog), summed over tasks
     * @param userUpdates    updates over every user of the student (users store changelog)
     */
    record Result(long expectedValid, List<StageCount> stages, DeadLetters deadLetters, long labelsConsumed, long userUpdates) {

        long totalDuplicates() {
            return stages.stream().mapToLong(StageCount::duplicates).sum() + deadLetters.duplicates();
        }

        long totalLost() {
            return stages.stream().mapToLong(StageCount::lost).sum() + deadLetters.missing();
        }

        StageCount stage(final String name) {
            return stages.stream().filter(stage -> stage.stage().equals(name)).findFirst().orElseThrow();
        }

        /** Every property of exactly-once, checked softly so that a failure lists all that broke. */
        void assertExactlyOnce() {
            final SoftAssertions softly = new SoftAssertions();
            for (final StageCount stage : stages) {
                softly.assertThat(stage.duplicates()).as("%s: duplicates", stage.stage()).isZero();
                softly.assertThat(stage.lost()).as("%s: lost", stage.stage()).isZero();
                softly.assertThat(stage.unexpected()).as("%s: unexpected eventIds", stage.stage()).isZero();
                softly.assertThat(stage.records()).as("%s: records", stage.stage()).isEqualTo(expectedValid);
            }
            final String problems = deadLetters.firstProblems(PROBLEMS_SHOWN);
            softly.assertThat(deadLetters.missing()).as("bad records not dead-lettered: %s", problems).isZero();
            softly.assertThat(deadLetters.duplicates()).as("bad records dead-lettered twice").isZero();
            softly.assertThat(deadLetters.wrongReason()).as("bad records with the wrong reason: %s", problems).isZero();
            softly.assertThat(deadLetters.unexpected()).as("good records dead-lettered: %s", problems).isZero();
            softly.assertThat(labelsConsumed).as("student labels-consumed counter = soft labels").isEqualTo(stage("soft-labels").records());
            softly.assertThat(userUpdates).as("student per-user update counters = soft labels").isEqualTo(stage("soft-labels").records());
            softly.assertAll();
        }

        /** The figures, one line each. */
        List<String> report() {
            final List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "valid events sent %,d; bad records sent %,d", expectedValid,
                deadLetters.badSent()));
            stages.forEach(stage -> lines.add(stage.toString()));
            lines.add(String.format(Locale.ROOT, "%-16s records %,7d  missing %d  duplicates %d  wrong reason %d  unexpected %d",
                "dead letters", deadLetters.records(), deadLetters.missing(), deadLetters.duplicates(), deadLetters.wrongReason(),
                deadLetters.unexpected()));
            lines.add("dead letters by reason: " + deadLetters.byReason());
            if (deadLetters.copies() > 0) {
                lines.add(String.format(Locale.ROOT, "records the feed sent twice: %,d extra copies in interactions, %,d of good events"
                    + " dead-lettered as DUPLICATE_EVENT", deadLetters.copies(), deadLetters.resentDuplicates()));
            }
            lines.add(String.format(Locale.ROOT, "student: labels consumed %,d, user updates %,d", labelsConsumed, userUpdates));
            lines.add(String.format(Locale.ROOT, "duplicates found %d, lost %d", totalDuplicates(), totalLost()));
            return lines;
        }
    }

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final int PROBLEMS_SHOWN = 20;

    private PipelineAudit() {
    }

    /**
     * Waits until the pipeline is quiet (each stage within {@code timeout}), then audits it.
     *
     * @param settings      the workers' settings (topics, application ids, registry)
     * @param expectedValid the eventIds that must come out valid
     * @param badMarkers    every bad record's marker, with its kind
     */
    static Result awaitQuietAndAudit(final PipelineLayout layout, final Map<String, String> settings,
                                     final Collection<String> expectedValid, final Map<String, BadInput> badMarkers,
                                     final Duration timeout) {
        final RecordCollector reader = RecordCollector.forBootstrap(layout.bootstrapServers());
        final Map<String, Object> registrySettings = Map.of("schema.registry.url", layout.registryUrl());
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers()));
             SchemaRegistryClient registry = SchemaRegistryClients.create(registrySettings);
             SpecificAvroSerde<Interaction> interactions = serde(Interaction.class, registry, registrySettings);
             SpecificAvroSerde<SoftLabel> labels = serde(SoftLabel.class, registry, registrySettings);
             SpecificAvroSerde<Recommendation> recommendations = serde(Recommendation.class, registry, registrySettings)) {
            final Set<String> expected = new HashSet<>(expectedValid);
            final String interactionsTopic = layout.topics().interactions();
            final Map<TopicPartition, Long> inputEnd = endOffsets(admin, interactionsTopic);
            awaitCommitted(admin, layout.ingestApplicationId(), inputEnd, timeout, "the ingest");
            final InputCopies input = InputCopies.of(reader.readToEnd(interactionsTopic, READ_TIMEOUT),
                bytes -> interactions.deserializer().deserialize(interactionsTopic, bytes).getEventId());

            final List<ConsumerRecord<byte[], byte[]>> valid = settledRead(reader, admin, layout.topics().interactionsValid(), timeout);
            awaitCommitted(admin, layout.teacherGroupId(), nextOffsets(layout.topics().interactionsValid(), valid, admin), timeout,
                "the teacher");
            final List<ConsumerRecord<byte[], byte[]>> softLabels = settledRead(reader, admin, layout.topics().softLabels(), timeout);
            awaitCommitted(admin, layout.studentApplicationId(), nextOffsets(layout.topics().softLabels(), softLabels, admin),
                timeout, "the student");

            final List<StageCount> stages = List.of(
                StageCount.of("valid", ids(valid, bytes -> interactions.deserializer()
                    .deserialize(layout.topics().interactionsValid(), bytes).getEventId()), expected),
                StageCount.of("soft-labels", ids(softLabels, bytes -> labels.deserializer()
                    .deserialize(layout.topics().softLabels(), bytes).getEventId()), expected),
                StageCount.of("recommendations", ids(settledRead(reader, admin, layout.topics().recommendations(), timeout),
                    bytes -> recommendations.deserializer().deserialize(layout.topics().recommendations(), bytes)
                        .getSourceEventId()), expected));
            final String dlqTopic = layout.topics().interactionsDlq();
            final DeadLetters deadLetters = deadLetters(settledRead(reader, admin, dlqTopic, timeout), badMarkers, input,
                bytes -> interactions.deserializer().deserialize(dlqTopic, bytes).getEventId());
            final StudentSettings studentSettings = new StudentConfig(settings).settings();
            final String studentId = layout.studentApplicationId();
            long labelsConsumed = 0;
            for (final byte[] counters : latest(settledRead(reader, admin, StudentStores.changelogTopic(studentId, StudentStores.META),
                timeout), StudentStores.META_COUNTERS).values()) {
                labelsConsumed += ByteBuffer.wrap(counters).getLong();
            }
            long updates = 0;
            for (final byte[] user : latest(settledRead(reader, admin, StudentStores.changelogTopic(studentId, StudentStores.USERS),
                timeout), null).values()) {
                updates += UserState.fromBytes(user, studentSettings).updates();
            }
            return new Result(expected.size(), stages, deadLetters, labelsConsumed, updates);
        }
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(
        final Class<T> type, final SchemaRegistryClient registry, final Map<String, Object> settings) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry);
        serde.configure(settings, false);
        return serde;
    }

    private static List<String> ids(final List<ConsumerRecord<byte[], byte[]>> records, final Function<byte[], String> id) {
        final List<String> ids = new ArrayList<>(records.size());
        records.forEach(record -> ids.add(id.apply(record.value())));
        return ids;
    }

    private static List<ConsumerRecord<byte[], byte[]>> settledRead(final RecordCollector reader, final Admin admin,
                                                                    final String topic, final Duration timeout) {
        awaitSettled(admin, topic, timeout);
        return reader.readToEnd(topic, READ_TIMEOUT);
    }

    /**
     * How many times each record is in {@code interactions}: bad records by marker, good events by eventId.
     */
    record InputCopies(Map<String, Integer> markers, Map<String, Integer> eventIds) {
        static InputCopies of(final List<ConsumerRecord<byte[], byte[]>> records, final Function<byte[], String> eventId) {
            final Map<String, Integer> markers = new HashMap<>();
            final Map<String, Integer> eventIds = new HashMap<>();
            for (final ConsumerRecord<byte[], byte[]> record : records) {
                final String marker = header(record, BadInput.MARKER);
                if (marker != null) {
                    markers.merge(marker, 1, Integer::sum);
                } else {
                    eventIds.merge(eventId.apply(record.value()), 1, Integer::sum);
                }
            }
            return new InputCopies(markers, eventIds);
        }

        int ofMarker(final String marker) {
            return markers.getOrDefault(marker, 1);
        }

        /** Copies beyond the first, good and bad. */
        long extra() {
            long extra = 0;
            for (final int n : markers.values()) {
                extra += n - 1;
            }
            for (final int n : eventIds.values()) {
                extra += n - 1;
            }
            return extra;
        }
    }

    static DeadLetters deadLetters(final List<ConsumerRecord<byte[], byte[]>> records, final Map<String, BadInput> sent,
                                   final InputCopies input, final Function<byte[], String> eventId) {
        final Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        final Map<String, Integer> seen = new HashMap<>();
        final Map<String, Integer> resentSeen = new HashMap<>();
        final List<String> problems = new ArrayList<>();
        long wrongReason = 0;
        long unexpected = 0;
        long resentDuplicates = 0;
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            final RejectReason reason = RejectReason.valueOf(header(record, DeadLetterHeaders.REASON));
            byReason.merge(reason, 1L, Long::sum);
            final String marker = header(record, BadInput.MARKER);
            final BadInput kind = marker == null ? null : sent.get(marker);
            if (kind == null) {
                if (reason == RejectReason.DUPLICATE_EVENT && isResentCopy(record, input, eventId, resentSeen)) {
                    resentDuplicates++;
                    continue;
                }
                unexpected++;
                problems.add("unexpected " + reason + " at " + record.partition() + "@" + record.offset() + ": "
                    + header(record, DeadLetterHeaders.DETAIL));
                continue;
            }
            seen.merge(marker, 1, Integer::sum);
            if (kind.reason() != reason) {
                wrongReason++;
                problems.add(marker + " dead-lettered as " + reason + " (" + header(record, DeadLetterHeaders.DETAIL) + ")");
            }
        }
        long missing = 0;
        long duplicates = 0;
        for (final Map.Entry<String, BadInput> bad : sent.entrySet()) {
            final int copies = input.ofMarker(bad.getKey());
            final int lettered = seen.getOrDefault(bad.getKey(), 0);
            if (lettered < copies) {
                missing += copies - lettered;
                problems.add(bad.getKey() + " (" + bad.getValue() + ", expected " + bad.getValue().reason() + ") dead-lettered "
                    + lettered + " of " + copies + " times");
            }
            duplicates += Math.max(0, lettered - copies);
        }
        return new DeadLetters(byReason, sent.size(), records.size(), missing, duplicates, wrongReason, unexpected, input.extra(),
            resentDuplicates, problems);
    }

    /** True for a dead letter that is an extra copy of a good event the feed sent again (at most copies − 1 of them). */
    private static boolean isResentCopy(final ConsumerRecord<byte[], byte[]> record, final InputCopies input,
                                        final Function<byte[], String> eventId, final Map<String, Integer> resentSeen) {
        final String id;
        try {
            id = eventId.apply(record.value());
        } catch (final RuntimeException e) {
            return false;
        }
        final int copies = input.eventIds().getOrDefault(id, 1);
        return copies > 1 && resentSeen.merge(id, 1, Integer::sum) <= copies - 1;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Latest value per (partition, key) of a changelog, tombstones removing; only {@code onlyKey} if not null. */
    private static Map<String, byte[]> latest(final List<ConsumerRecord<byte[], byte[]>> records, final String onlyKey) {
        final Map<String, byte[]> latest = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            final String key = new String(record.key(), StandardCharsets.UTF_8);
            if (onlyKey != null && !onlyKey.equals(key)) {
                continue;
            }
            final String slot = record.partition() + "/" + key;
            if (record.value() == null) {
                latest.remove(slot);
            } else {
                latest.put(slot, record.value());
            }
        }
        return latest;
    }

    /** Per partition: the offset after the last record read (0 for an empty partition). */
    private static Map<TopicPartition, Long> nextOffsets(final String topic, final List<ConsumerRecord<byte[], byte[]>> records,
                                                         final Admin admin) {
        final Map<TopicPartition, Long> next = new HashMap<>();
        endOffsets(admin, topic).keySet().forEach(partition -> next.put(partition, 0L));
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
        }
        return next;
    }

    /** The last stable offsets of {@code topic}. */
    static Map<TopicPartition, Long> endOffsets(final Admin admin, final String topic) {
        return offsets(admin, topic, IsolationLevel.READ_COMMITTED);
    }

    /** The sum of the high watermarks of {@code topic}'s partitions: records written, committed or not, plus markers. */
    static long highWatermark(final Admin admin, final String topic) {
        return offsets(admin, topic, IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> offsets(final Admin admin, final String topic, final IsolationLevel isolation) {
        try {
            final Set<TopicPartition> partitions = new HashSet<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(partition -> request.put(partition, OffsetSpec.latest()));
            final Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                .forEach((partition, info) -> out.put(partition, info.offset()));
            return out;
        } catch (final ExecutionException e) {
            throw new AssertionError("cannot read the end offsets of " + topic, e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits until no transaction is open on {@code topic}: its last stable offsets equal its high watermarks. A
     * producer's offsets commit becomes visible in the group before the coordinator has written the commit markers
     * to every output partition, so an output read with read_committed right after its group committed can stop
     * short of the last transaction. Waiting for the markers first makes the read complete.
     */
    static void awaitSettled(final Admin admin, final String topic, final Duration timeout) {
        waitUntil(timeout, "no open transaction on " + topic,
            () -> offsets(admin, topic, IsolationLevel.READ_COMMITTED).equals(offsets(admin, topic, IsolationLevel.READ_UNCOMMITTED)));
    }

    /** Waits until {@code group} has committed at least {@code targets} on every partition. */
    static void awaitCommitted(final Admin admin, final String group, final Map<TopicPartition, Long> targets, final Duration timeout,
                               final String who) {
        waitUntil(timeout, who + " (group " + group + ") has committed " + targets, () -> {
            final Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            return targets.entrySet().stream().allMatch(target -> target.getValue() == 0
                || committed.get(target.getKey()) != null && committed.get(target.getKey()).offset() >= target.getValue());
        });
    }

    static Map<TopicPartition, OffsetAndMetadata> committed(final Admin admin, final String group) {
        try {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    out.put(partition, offset);
                }
            });
            return out;
        } catch (final ExecutionException e) {
            return Map.of();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
