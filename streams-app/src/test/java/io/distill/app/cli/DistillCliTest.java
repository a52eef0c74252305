package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in this JVM: usage errors, exit codes, configuration precedence. No broker involved. */
class DistillCliTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheSubcommandsAndExitsZero() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: distill", "up", "produce", "tail", "config", "--set=KEY=VALUE");
    }

    @Test
    void subcommandHelpShowsItsOwnAndTheGlobalOptions() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("tail", "--help")).isZero();
        assertThat(cli.out()).contains("Usage: distill tail", "--from-beginning", "--isolation", "--config=FILE", "--dir");
    }

    @Test
    void versionExitsZero() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).startsWith("distill ").contains("Kafka clients");
    }

    @Test
    void noSubcommandIsAUsageError() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.err()).contains("Missing subcommand", "Usage: distill");
    }

    @Test
    void unknownOptionPrintsTheSubcommandsUsageAndExitsTwo() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("tail", "interactions", "--bogus")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--bogus'", "Usage: distill tail");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void unparsableOptionValuesAreUsageErrors() {
        assertThat(new CliHarness().run("tail", "interactions", "--max", "many")).isEqualTo(2);
        assertThat(new CliHarness().run("tail", "interactions", "--timeout", "soon")).isEqualTo(2);
        final CliHarness isolation = new CliHarness();
        assertThat(isolation.run("tail", "interactions", "--isolation", "serializable")).isEqualTo(2);
        assertThat(isolation.err()).contains("--isolation", "COMMITTED", "UNCOMMITTED");
    }

    @Test
    void produceNeedsExactlyOneSource() {
        final CliHarness neither = new CliHarness();
        assertThat(neither.run("produce")).isEqualTo(2);
        assertThat(neither.err()).contains("exactly one of --dataset PATH and --synthetic", "Usage: distill produce");

        final CliHarness both = new CliHarness();
        assertThat(both.run("produce", "--synthetic", "--dataset", dir.resolve("x.csv").toString())).isEqualTo(2);

        final CliHarness syntheticOptionsAlone = new CliHarness();
        assertThat(syntheticOptionsAlone.run("produce", "--dataset", dir.resolve("x.csv").toString(), "--events", "5"))
            .isEqualTo(2);
        assertThat(syntheticOptionsAlone.err()).contains("need --synthetic");
    }

    @Test
    void badSyntheticParametersAreUsageErrorsNamingTheParameter() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("produce", "--synthetic", "--items", "5")).isEqualTo(2);
        assertThat(cli.err()).contains("items", "Usage: distill produce");
    }

    @Test
    void produceHelpShowsTheSyntheticDefaults() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("produce", "--help")).isZero();
        assertThat(cli.out()).contains("number of events; default: 50000", "number of users; default: 500",
            "random seed; default: 42");
    }

    @Test
    void badConfigurationValueNamesTheKeyOnOneLineAndExitsTwo() {
        final CliHarness cli = new CliHarness();

        final int code = cli.run("--dir", dir.toString(), "up", "--set", "topic.partitions=zero");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("topic.partitions", "invalid configuration").doesNotContain("\tat ", "Usage:");
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void badLocalStackValueNamesTheKey() {
        final CliHarness cli = new CliHarness(Map.of("DISTILL_LOCAL_STACK_KAFKA_PORT", "70000"));

        assertThat(cli.run("--dir", dir.toString(), "up")).isEqualTo(2);
        assertThat(cli.err()).contains("local.stack.kafka.port", "70000");
    }

    @Test
    void badTopicNameForProduceFailsBeforeConnecting() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("produce", "--synthetic", "--set", "topic.interactions=")).isEqualTo(2);
        assertThat(cli.err()).contains("topic.interactions");
    }

    @Test
    void badClientSettingsAreConfigurationErrorsBeforeAnyConnection() {
        final CliHarness produce = new CliHarness();
        assertThat(produce.run("produce", "--synthetic", "--set", "acks=1")).isEqualTo(2);
        assertThat(produce.err()).contains("invalid configuration", "acks");

        final CliHarness tail = new CliHarness();
        assertThat(tail.run("tail", "interactions", "--set", "consumer.fetch.max.bytes=lots")).isEqualTo(2);
        assertThat(tail.err()).contains("invalid configuration", "fetch.max.bytes");
    }

    @Test
    void setOverridesEnvironmentWhichOverridesTheFile() throws IOException {
        final Path file = dir.resolve("distill.properties");
        Files.writeString(file, "a.key=file\nb.key=file\nc.key=file\n", StandardCharsets.UTF_8);
        final CliHarness cli = new CliHarness(Map.of("DISTILL_B_KEY", "env", "DISTILL_C_KEY", "env", "OTHER", "x"));

        final int code = cli.run("--config", file.toString(), "--set", "c.key=set", "config");

        assertThat(code).isZero();
        assertThat(cli.out().lines()).contains("a.key=file", "b.key=env", "c.key=set")
            .noneMatch(line -> line.startsWith("other"));
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandAndAccumulate() {
        final CliHarness cli = new CliHarness();

        final int code = cli.run("--set", "a.key=1", "config", "--set", "b.key=2", "--dir", "/data/distill");

        assertThat(code).isZero();
        assertThat(cli.out().lines()).contains("a.key=1", "b.key=2", "local.stack.dir=/data/distill");
    }

    @Test
    void theLaterOfTwoSetValuesWinsWhereverItIsGiven() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("--set", "a.key=1", "--set", "a.key=2", "config", "--set", "b.key=1", "--set", "b.key=2"))
            .isZero();
        assertThat(cli.out().lines()).contains("a.key=2", "b.key=2");

        final CliHarness across = new CliHarness();
        assertThat(across.run("--set", "a.key=1", "config", "--set", "a.key=2")).isZero();
        assertThat(across.out().lines()).contains("a.key=2");
    }

    @Test
    void clientsDefaultToTheLocalStackAndSecretsAreHidden() {
        final CliHarness cli = new CliHarness(Map.of("DISTILL_SASL_JAAS_CONFIG", "secret-value"));

        assertThat(cli.run("config")).isZero();
        assertThat(cli.out().lines()).contains("bootstrap.servers=localhost:9092",
            "schema.registry.url=http://localhost:8081", "sasl.jaas.config=[hidden]");
        assertThat(cli.out()).doesNotContain("secret-value");
    }

    @Test
    void missingConfigFileIsAConfigurationError() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("--config", dir.resolve("absent.properties").toString(), "config")).isEqualTo(2);
        assertThat(cli.err()).contains("--config", "absent.properties", "no such file");
    }

    @Test
    void unexpectedFailureExitsOneWithTheMessageAndNoStackTrace() throws IOException {
        final Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n", StandardCharsets.UTF_8);
        final CliHarness cli = new CliHarness();

        final int code = cli.run("produce", "--dataset", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(cli.err()).contains("distill produce: ", "cannot detect the format", "--verbose")
            .doesNotContain("\tat ", "Usage:");
    }
}
