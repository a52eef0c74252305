package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalKafkaExtension.class)
class TopicProvisionerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SharedKafka kafka;
    private Admin admin;

    TopicProvisionerIT(final SharedKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void openAdmin() {
        admin = kafka.newAdmin();
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void createsTopicsAsAskedAndWaitsForTheirLeaders() throws Exception {
        final String compacted = kafka.uniqueTopic("compacted");
        final String plain = kafka.uniqueTopic("plain");
        final TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT, TopicProvisioner.OnMismatch.FAIL);

        final Map<String, TopicProvisioner.Outcome> outcomes = provisioner.ensure(List.of(
            TopicSpec.compacted(compacted, 3).withConfig(TopicConfig.SEGMENT_MS_CONFIG, "60000"),
            TopicSpec.of(plain, 2)));

        assertThat(outcomes).containsExactly(Map.entry(compacted, TopicProvisioner.Outcome.CREATED),
            Map.entry(plain, TopicProvisioner.Outcome.CREATED));
        final Map<String, TopicDescription> descriptions = admin.describeTopics(List.of(compacted, plain))
            .allTopicNames().get();
        assertThat(descriptions.get(compacted).partitions()).hasSize(3).allSatisfy(p -> assertThat(p.leader()).isNotNull());
        assertThat(descriptions.get(plain).partitions()).hasSize(2);
        final Config config = config(compacted);
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("60000");
        assertThat(config(plain).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
    }

    @Test
    void aSecondCallFindsTheTopicsAndChangesNothing() throws Exception {
        final String topic = kafka.uniqueTopic("idempotent");
        final TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT, TopicProvisioner.OnMismatch.FAIL);
        final List<TopicSpec> specs = List.of(TopicSpec.compacted(topic, 2));

        assertThat(provisioner.ensure(specs)).containsEntry(topic, TopicProvisioner.Outcome.CREATED);
        assertThat(provisioner.ensure(specs)).containsEntry(topic, TopicProvisioner.Outcome.EXISTED);
        assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
    }

    @Test
    void aMismatchFailsNamingTheTopicOrIsOnlyWarnedAbout() {
        final String topic = kafka.uniqueTopic("mismatch");
        kafka.createTopics(TopicSpec.of(topic, 2));
        final TopicProvisioner strict = new TopicProvisioner(admin, TIMEOUT, TopicProvisioner.OnMismatch.FAIL);

        assertThatThrownBy(() -> strict.ensure(List.of(TopicSpec.of(topic, 4))))
            .isInstanceOf(LocalStackException.class)
            .hasMessageContaining("topic " + topic + " has 2 partitions, expected 4");
        assertThatThrownBy(() -> strict.ensure(List.of(TopicSpec.compacted(topic, 2))))
            .isInstanceOf(LocalStackException.class)
            .hasMessageContaining("topic " + topic + " has cleanup.policy=delete, expected compact");

        final TopicProvisioner lenient = new TopicProvisioner(admin, TIMEOUT, TopicProvisioner.OnMismatch.WARN);
        assertThat(lenient.ensure(List.of(TopicSpec.compacted(topic, 4))))
            .containsEntry(topic, TopicProvisioner.Outcome.EXISTED);
    }

    @Test
    void twoDifferentSpecsForOneNameAreRejected() {
        final String topic = kafka.uniqueTopic("twice");
        final TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT, TopicProvisioner.OnMismatch.FAIL);
        assertThatThrownBy(() -> provisioner.ensure(List.of(TopicSpec.of(topic, 1), TopicSpec.of(topic, 2))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(topic);
    }

    private Config config(final String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
