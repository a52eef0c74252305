package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worker commands and the demo before they connect: usage, bad arguments and bad settings. */
class ServiceCommandsTest {
    @Test
    void everyServiceHasItsCommandInTheUsage() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("demo").contains("ingest").contains("teacher").contains("student").contains("edge");
    }

    @Test
    void eachWorkerNamesItsMetricsPortInItsHelp() {
        for (final String[] command : new String[][] {{"ingest", "9403"}, {"teacher", "9401"}, {"student", "9402"}}) {
            final CliHarness cli = new CliHarness();
            assertThat(cli.run(command[0], "--help")).isZero();
            assertThat(cli.out()).contains("http://127.0.0.1:" + command[1] + "/metrics");
        }
        final CliHarness edge = new CliHarness();
        assertThat(edge.run("edge", "--help")).isZero();
        assertThat(edge.out()).contains("/users/{userId}/recommendations");
    }

    @Test
    void aBadSettingIsAConfigurationErrorNamingTheKey() {
        final CliHarness cli = new CliHarness();

        assertThat(cli.run("teacher", "--set", "metrics.port=http")).isEqualTo(2);
        assertThat(cli.err()).contains("distill teacher: invalid configuration").contains("metrics.port");

        final CliHarness student = new CliHarness();
        assertThat(student.run("student", "--set", "student.dimension=0")).isEqualTo(2);
        assertThat(student.err()).contains("student.dimension");
    }

    @Test
    void theDemoRefusesArgumentsThatDoNotGoTogether() {
        final CliHarness limit = new CliHarness();
        assertThat(limit.run("demo", "--limit", "5")).isEqualTo(2);
        assertThat(limit.err()).contains("--limit and --format apply to --dataset only");

        final CliHarness events = new CliHarness();
        assertThat(events.run("demo", "--events", "0")).isEqualTo(2);
        assertThat(events.err()).contains("--events must be at least 1");

        final CliHarness bad = new CliHarness();
        assertThat(bad.run("demo", "--bad-events-per-1000", "2000")).isEqualTo(2);
        assertThat(bad.err()).contains("0..1000");

        final CliHarness missing = new CliHarness();
        assertThat(missing.run("demo", "--dataset", "/no/such/file.csv")).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }
}
