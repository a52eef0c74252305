package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.topics.DistillTopics;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.TopicProvisioner;
import io.distill.stack.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distill topics create}: creates distill's topics on any cluster (the local stack, docker-compose's
 * Kafka, a production cluster with SASL/SSL from the configuration) and registers their value schemas with the
 * configured registry. Idempotent: existing topics with the expected layout are left alone; a topic with other
 * partitions or cleanup policy is an error naming it.
 */
@Command(name = "topics", description = "Manage distill's topics on the configured cluster.",
    subcommands = {TopicsCommand.Create.class})
public final class TopicsCommand {

    private TopicsCommand() {
    }

    /** {@code distill topics create}. */
    @Command(name = "create", description = {"Create distill's topics (topic.* names, topic.partitions,"
        + " topic.replication.factor; recommendations compacted, the others kept forever) and register their value"
        + " schemas. Safe to run again."})
    public static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
        private Duration timeout;

        @Option(names = "--no-schemas", description = "Do not register the value schemas.")
        private boolean noSchemas;

        @Override
        public Integer call() {
            final Distill distill = Distill.root(spec);
            final Map<String, String> config = distill.config();
            final TopicNames names = TopicNames.from(config);
            final List<TopicSpec> specs = DistillTopics.specs(names);
            final Map<String, TopicProvisioner.Outcome> outcomes;
            try (Admin admin = Admin.create(ClientSettings.admin(config))) {
                outcomes = new TopicProvisioner(admin, timeout, TopicProvisioner.OnMismatch.FAIL).ensure(specs);
            }
            final CliContext context = distill.context();
            outcomes.forEach((topic, outcome) -> context.out().printf(Locale.ROOT, "%-24s %s%n", topic,
                outcome.name().toLowerCase(Locale.ROOT)));
            if (!noSchemas) {
                try (SchemaRegistryClient client = SchemaRegistryClients.create(ClientSettings.registry(config))) {
                    DistillTopics.registerValueSchemas(client, names)
                        .forEach((subject, id) -> context.out().printf(Locale.ROOT, "%-24s schema id %d%n", subject, id));
                }
            }
            context.out().flush();
            return 0;
        }
    }
}
