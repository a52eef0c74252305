package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.app.topics.DistillTopics;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClientConfig;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.LocalStack;
import io.distill.stack.LocalStackConfig;
import io.distill.stack.TopicSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distill up}: the local stack in the foreground. Starts a Kafka broker (child JVM) and the schema
 * registry, creates distill's topics ({@link DistillTopics}), registers every topic's value schema, prints the
 * addresses, and runs until Ctrl-C (or {@link CliContext#shutdown()}), then stops the registry and the broker
 * cleanly. Data stays under the data directory, so the next {@code up} finds the same topics, records and
 * schemas.
 */
@Command(name = "up", sortOptions = false,
    description = {"Run the local stack in the foreground: a Kafka broker (KRaft), a schema registry and distill's"
        + " topics, with every topic's value schema registered. Stops cleanly on Ctrl-C; data is kept in the data"
        + " directory (--dir).",
        "Ports and host: --set local.stack.kafka.port=9092, local.stack.controller.port=9093,"
            + " local.stack.registry.port=8081 (0 = a free port); topics: topic.partitions=1, topic.<role>=NAME."})
public final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Map<String, String> config = distill.config();
        final LocalStackConfig stackConfig = withAbsoluteDir(config);
        final TopicNames names = TopicNames.from(config);
        final List<TopicSpec> topics = DistillTopics.specs(names);
        final long started = context.clock().millis();
        LOG.info("Starting the local stack in {}", stackConfig.dir());
        try (LocalStack stack = LocalStack.start(stackConfig, topics)) {
            final Map<String, Integer> subjects = registerSchemas(stack, names);
            final Duration startup = Duration.ofMillis(context.clock().millis() - started);
            printAddresses(context.out(), stack, topics, subjects, startup, names);
            context.shutdown().await();
            LOG.info("Stopping the local stack");
        }
        context.out().println("Local stack stopped; data kept in " + stackConfig.dir());
        context.out().flush();
        return 0;
    }

    /**
     * The stack's configuration with its directory made absolute against the working directory: the broker's
     * child JVM runs inside the data directory, so a relative path handed to it would resolve a second time.
     */
    private static LocalStackConfig withAbsoluteDir(final Map<String, String> config) {
        final Map<String, String> absolute = new HashMap<>(config);
        absolute.put(LocalStackConfig.DIR_CONFIG,
            new LocalStackConfig(config).dir().toAbsolutePath().normalize().toString());
        return new LocalStackConfig(absolute);
    }

    private static Map<String, Integer> registerSchemas(final LocalStack stack, final TopicNames names) {
        try (SchemaRegistryClient client = SchemaRegistryClients.create(
                Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.schemaRegistryUrl().toString()))) {
            final Map<String, Integer> ids = DistillTopics.registerValueSchemas(client, names);
            LOG.info("Registered value schemas: {}", ids);
            return ids;
        }
    }

    private static void printAddresses(final PrintWriter out, final LocalStack stack, final List<TopicSpec> topics,
                                       final Map<String, Integer> subjects, final Duration startup,
                                       final TopicNames names) {
        final String bootstrap = stack.bootstrapServers();
        final String registry = stack.schemaRegistryUrl().toString();
        out.printf(Locale.ROOT, "distill local stack is up (%.1f s)%n", startup.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  %-21s %s%n", "bootstrap.servers", bootstrap);
        out.printf(Locale.ROOT, "  %-21s %s%n", "schema.registry.url", registry);
        out.printf(Locale.ROOT, "  %-21s %s%n", "data dir", stack.config().dir());
        out.printf(Locale.ROOT, "  %-21s %s%n", "topics", topics.stream().map(UpCommand::describe)
            .collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "  %-21s %s%n", "value subjects", subjects.entrySet().stream()
            .map(e -> e.getKey() + " (id " + e.getValue() + ")").collect(Collectors.joining(", ")));
        out.println("Try:");
        out.println("  kcat -b " + bootstrap + " -L");
        out.println("  kcat -b " + bootstrap + " -C -t " + names.interactions() + " -s value=avro -r " + registry);
        out.println("  curl " + registry + "/subjects");
        out.println("  ./distill produce --synthetic --events 10000");
        out.println("  ./distill tail " + names.interactions() + " --from-beginning --max 5");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static String describe(final TopicSpec topic) {
        return topic.name() + " (" + topic.partitions() + (topic.partitions() == 1 ? " partition" : " partitions")
            + topic.cleanupPolicy().map(policy -> ", " + policy).orElse("") + ")";
    }
}
