package io.distill.app.faults;

import io.distill.stack.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of the pipeline as a child JVM that the test can kill with SIGKILL and start again with the same
 * command line (same state directory, same ids), as an operator's supervisor would. Each generation logs to its own
 * file, {@code <role>-<generation>.log}.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final WorkerRole role;
    private final List<String> args;
    private final Path logDir;
    private JavaProcess process;
    private int starts;
    private int kills;

    /**
     * @param role     which worker
     * @param settings its settings, passed as {@code --set key=value}
     * @param logDir   where the generations' logs go
     */
    WorkerProcess(final WorkerRole role, final Map<String, String> settings, final Path logDir) {
        this.role = role;
        this.args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        this.logDir = logDir;
    }

    WorkerRole role() {
        return role;
    }

    /** Launches the next generation. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(role.label() + " is already running");
        }
        starts++;
        process = JavaProcess.builder(role.mainClass()).name(role.label() + "-" + starts).args(args)
            .jvmArgs(role.heap(), "-XX:+UseSerialGC").logFile(logDir.resolve(role.label() + "-" + starts + ".log"))
            .grace(GRACE).start();
        LOG.info("Started {} generation {} (pid {})", role.label(), starts, process.pid());
    }

    /** SIGKILL (no shutdown hook runs, the open transaction is left behind), then a new generation at once. */
    synchronized void killAndRestart() {
        final long pid = process.pid();
        final int exit = process.kill9();
        kills++;
        LOG.info("Killed {} generation {} (pid {}, exit {})", role.label(), starts, pid, exit);
        start();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized int starts() {
        return starts;
    }

    synchronized int kills() {
        return kills;
    }

    /** The last lines of the running (or last) generation's log. */
    synchronized String logTail(final int lines) {
        return process == null ? "" : process.logTail(lines);
    }

    /** SIGTERM (a clean stop), SIGKILL after 30 s. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
    }
}
