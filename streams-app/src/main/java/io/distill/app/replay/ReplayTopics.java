package io.distill.app.replay;

import io.distill.schemas.DistillException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates a replay's output topics as copies of the originals' layout: same partition count (a user's records stay
 * in the same partition number, so tasks see what the original's saw), replication factor and topic-level settings
 * (cleanup policy, retention). A replay never writes to a topic that exists already: a name used before is an error.
 */
final class ReplayTopics {
    private ReplayTopics() {
    }

    /**
     * @param outputs replay topic → the original whose layout it copies
     * @throws DistillException when an original is missing or a replay topic exists already
     */
    static void create(final Admin admin, final Map<String, String> outputs, final Duration timeout) {
        final Set<String> existing = ReplayOffsets.await(admin.listTopics().names(), timeout, "list topics");
        final List<String> taken = outputs.keySet().stream().filter(existing::contains).toList();
        if (!taken.isEmpty()) {
            throw new DistillException("topic(s) " + taken + " exist already: this replay name was used before; choose another "
                + "--name (a replay never writes to existing topics)");
        }
        final List<String> originals = List.copyOf(outputs.values());
        final List<String> missing = originals.stream().filter(topic -> !existing.contains(topic)).toList();
        if (!missing.isEmpty()) {
            throw new DistillException("topic(s) " + missing + " do not exist: the replay copies their layout");
        }
        final Map<String, TopicDescription> descriptions = ReplayOffsets.await(admin.describeTopics(originals).allTopicNames(),
            timeout, "describe " + originals);
        final List<ConfigResource> resources = originals.stream()
            .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        final Map<ConfigResource, Config> configs = ReplayOffsets.await(admin.describeConfigs(resources).all(), timeout,
            "describe the settings of " + originals);
        final List<NewTopic> topics = new ArrayList<>();
        outputs.forEach((replay, original) -> {
            final TopicDescription description = descriptions.get(original);
            final short replication = (short) description.partitions().get(0).replicas().size();
            final Map<String, String> overrides = new HashMap<>();
            for (final ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, original)).entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
                    overrides.put(entry.name(), entry.value());
                }
            }
            topics.add(new NewTopic(replay, description.partitions().size(), replication).configs(overrides));
        });
        ReplayOffsets.await(admin.createTopics(topics).all(), timeout, "create " + outputs.keySet());
    }
}
