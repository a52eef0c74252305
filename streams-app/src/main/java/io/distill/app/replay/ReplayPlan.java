package io.distill.app.replay;

import io.distill.app.ingest.IngestConfig;
import io.distill.schemas.topics.TopicNames;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * What a replay reads and writes. A replay never touches what the running pipeline owns: it runs under fresh
 * application ids and group ids (the original's with {@code -<name>} appended, so fresh state stores, changelogs and
 * offsets) and writes to fresh topics (the original's names with {@code -<name>} appended, created with the
 * originals' partitions and settings). Only its input is shared, and only read: {@code soft-labels} for
 * {@link ReplayStage#STUDENT}, {@code interactions} for {@link ReplayStage#ALL}.
 *
 * @param stage    what is rebuilt
 * @param name     the replay's name, the suffix of every id and topic it owns
 * @param original the settings of the pipeline being replayed
 * @param replay   the same settings with the replay's ids and topics
 * @param from     start at the first record with this timestamp or later (event time), or from the beginning
 */
public record ReplayPlan(ReplayStage stage, String name, Map<String, String> original, Map<String, String> replay,
                         Optional<Instant> from) {
    /** Characters a replay name may have: they become part of topic names. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

    public ReplayPlan {
        Objects.requireNonNull(stage, "stage");
        original = Map.copyOf(original);
        replay = Map.copyOf(replay);
        Objects.requireNonNull(from, "from");
    }

    /**
     * The plan for replaying the pipeline configured by {@code settings}.
     *
     * @param name the replay's name ({@link #NAME})
     * @throws ConfigException naming the key of an invalid setting, or {@code --name} when the name is unusable
     */
    public static ReplayPlan of(final ReplayStage stage, final Map<String, String> settings, final String name,
                                final Optional<Instant> from) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("--name", name, "a replay name is 1 to 100 letters, digits, '.', '_' or '-'");
        }
        final String suffix = "-" + name;
        final Map<String, String> replay = new TreeMap<>(settings);
        final TopicNames topics = TopicNames.from(settings);
        final StudentConfig student = new StudentConfig(settings);
        replay.put(StudentConfig.APPLICATION_ID, student.applicationId() + suffix);
        replay.put(TopicNames.RECOMMENDATIONS, topics.recommendations() + suffix);
        replay.put(TopicNames.METRICS, topics.metrics() + suffix);
        if (stage == ReplayStage.ALL) {
            final TeacherConfig teacher = new TeacherConfig(settings);
            replay.put(IngestConfig.APPLICATION_ID, new IngestConfig(settings).applicationId() + suffix);
            replay.put(TeacherConfig.GROUP_ID, teacher.groupId() + suffix);
            replay.put(TeacherConfig.TRANSACTIONAL_ID, teacher.transactionalId() + suffix);
            replay.put(TopicNames.INTERACTIONS_VALID, topics.interactionsValid() + suffix);
            replay.put(TopicNames.INTERACTIONS_DLQ, topics.interactionsDlq() + suffix);
            replay.put(TopicNames.SOFT_LABELS, topics.softLabels() + suffix);
        }
        return new ReplayPlan(stage, name, settings, replay, from);
    }

    /** The original's topics. */
    public TopicNames originalTopics() {
        return TopicNames.from(original);
    }

    /** The replay's topics: the input is the original's, the outputs are the replay's own. */
    public TopicNames replayTopics() {
        return TopicNames.from(replay);
    }

    /** The topic the replay reads from its start point on. */
    public String input() {
        return stage == ReplayStage.STUDENT ? originalTopics().softLabels() : originalTopics().interactions();
    }

    /** The replay's output topics, each with the original it copies its layout from, in pipeline order. */
    public Map<String, String> outputs() {
        final TopicNames mine = replayTopics();
        final TopicNames theirs = originalTopics();
        final Map<String, String> outputs = new LinkedHashMap<>();
        if (stage == ReplayStage.ALL) {
            outputs.put(mine.interactionsDlq(), theirs.interactionsDlq());
            outputs.put(mine.interactionsValid(), theirs.interactionsValid());
            outputs.put(mine.softLabels(), theirs.softLabels());
        }
        outputs.put(mine.recommendations(), theirs.recommendations());
        outputs.put(mine.metrics(), theirs.metrics());
        return outputs;
    }

    /** The original student's application id. */
    public String originalStudent() {
        return new StudentConfig(original).applicationId();
    }

    /** The replayed student's application id. */
    public String replayStudent() {
        return new StudentConfig(replay).applicationId();
    }
}
