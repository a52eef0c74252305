package io.distill.student.stream;

import io.distill.runtime.CommandLine;
import io.distill.runtime.ServiceMain;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The student worker as a process:
 * {@code java -cp ... io.distill.student.stream.StudentMain [--config student.properties] [--set key=value]...}.
 * Settings come from the file, then {@code DISTILL_*} environment variables, then {@code --set} pairs. It runs
 * until SIGTERM/SIGINT, which close it cleanly from a shutdown hook (the open transaction is committed).
 *
 * <p>Exit codes: 0 after {@code --help} or when Kafka Streams stopped without error, 1 failed (configuration,
 * missing topics, fatal processing error), 2 bad arguments.
 */
public final class StudentMain {
    static final String USAGE = CommandLine.usage("distill-student",
        "Runs the student: distils the soft-labels topic into the student model and publishes recommendations and metrics.",
        "Kafka client, Kafka Streams, schema registry, student.*, topic.*");

    private StudentMain() {
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** {@link #main} without the exit, for tests. */
    static int run(final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err) {
        return ServiceMain.run(args, env, out, err, USAGE, "student", props -> new StudentApp(props, Clock.systemUTC()));
    }
}
