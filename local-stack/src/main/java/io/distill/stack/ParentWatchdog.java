package io.distill.stack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Entry point of child JVMs started by {@link JavaProcess} with {@code dieWithParent}: runs the real main
 * class and exits as soon as the parent JVM is gone, even if the parent was killed with SIGKILL and no
 * shutdown hook of it ran.
 *
 * <p>The parent holds the write end of the child's stdin open and never writes to it; the operating system
 * closes it when the parent dies, and the child then reads end-of-file. This needs no polling and cannot be
 * fooled by a reused pid. The child exits through {@link System#exit}, so its own shutdown hooks (Kafka's
 * clean shutdown) still run. The real main class must therefore not read {@code System.in}.
 *
 * <p>Usage: {@code java -cp ... io.distill.stack.ParentWatchdog <main class> [args...]}.
 */
public final class ParentWatchdog {
    /** Exit status of a child that stopped because its parent went away. */
    public static final int PARENT_GONE_EXIT_CODE = 86;

    private ParentWatchdog() {
    }

    /**
     * Starts the watchdog thread, then runs {@code args[0]}'s {@code main} with the remaining arguments.
     *
     * @throws Throwable whatever the real main throws, unwrapped
     */
    public static void main(final String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ParentWatchdog <main class> [args...]");
        }
        final Thread watchdog = new Thread(ParentWatchdog::exitWhenStdinCloses, "distill-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        final Method main = Class.forName(args[0]).getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new IllegalArgumentException(args[0] + ".main is not static");
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (final InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenStdinCloses() {
        final InputStream in = System.in;
        final byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Nothing is ever written to us on purpose; only end-of-file matters.
            }
        } catch (final IOException e) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        // This is a main entry point: exiting is its job once the parent that owns it has died.
        System.exit(PARENT_GONE_EXIT_CODE);
    }
}
