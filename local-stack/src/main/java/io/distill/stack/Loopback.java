package io.distill.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Loopback-only host checks and port helpers shared by the broker, the stack config and the tests. */
public final class Loopback {
    /** The host every listener of the local stack uses unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private Loopback() {
    }

    /**
     * Whether {@code host} is a loopback address: a literal such as {@code 127.0.0.1} or {@code ::1}, or a
     * name (such as {@code localhost}) all of whose addresses are loopback. A name that does not resolve
     * is not loopback.
     */
    public static boolean isLoopback(final String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            final InetAddress[] addresses = InetAddress.getAllByName(host.trim());
            for (final InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    /**
     * Returns {@code host} if it is loopback, else throws an {@link IllegalArgumentException} naming
     * {@code what} (the setting that carried it).
     */
    public static String requireLoopback(final String host, final String what) {
        if (!isLoopback(host)) {
            throw new IllegalArgumentException(what + " must be a loopback address (127.0.0.1, ::1 or localhost),"
                + " the local stack never listens on other interfaces; got '" + host + "'");
        }
        return host.trim();
    }

    /** {@code host:port}, with brackets around an IPv6 literal as Kafka and URIs expect. */
    public static String hostPort(final String host, final int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether a server socket can bind {@code host:port} right now (with SO_REUSEADDR, as Kafka binds). */
    public static boolean isPortFree(final String host, final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Picks {@code count} distinct ports that are free on {@code host} at the time of the call. All are
     * held open until every one is chosen, so they differ from each other; another process may still take
     * one before the caller binds it.
     */
    public static int[] freePorts(final String host, final int count) {
        final ServerSocket[] sockets = new ServerSocket[count];
        try {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(host));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (final IOException e) {
            throw new LocalStackException("Cannot find a free port on " + host, e);
        } finally {
            for (final ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(final ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (final IOException e) {
            // Nothing to recover: the port is released when the socket object is collected.
        }
    }
}
