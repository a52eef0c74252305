package io.distill.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of the child JVMs {@link JavaProcessTest} starts. The first argument picks a behaviour;
 * everything is printed to stdout, which the test reads from the child's log file.
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(final String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> {
                System.out.println("args=" + String.join(",", args));
                System.out.println("env=" + System.getenv("DISTILL_TEST_ENV"));
                System.out.println("cwd=" + Path.of("").toAbsolutePath());
                System.out.println("prop=" + System.getProperty("distill.test.prop"));
            }
            case "exit" -> System.exit(Integer.parseInt(args[1]));
            case "block" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
                System.out.println("ready");
                new CountDownLatch(1).await();
            }
            case "spawn" -> {
                // A JVM that starts a blocking grandchild, for the die-with-parent test.
                final JavaProcess grandchild = JavaProcess.builder(ChildMain.class.getName()).args("block")
                    .logFile(Path.of(args[1])).start();
                System.out.println("grandchild=" + grandchild.pid());
                new CountDownLatch(1).await();
            }
            case "storage-tool" -> {
                // Runs Kafka's storage tool on this JVM's own classpath, as KafkaBroker would.
                final JavaProcess tool = JavaProcess.builder(KafkaBroker.STORAGE_TOOL_CLASS).args("random-uuid")
                    .logFile(Path.of(args[1])).start();
                System.out.println("storage-tool-exit=" + tool.waitFor(Duration.ofSeconds(60)));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
