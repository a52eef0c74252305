package io.distill.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a freshly launched broker to serve: first until its port accepts TCP connections, then until an
 * admin client can describe the cluster. Fails as soon as the process exits, or at the deadline.
 */
final class BrokerReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerReadiness.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final JavaProcess broker;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final BrokerLog log;
    private final long logOffset;
    private final long deadline;

    private BrokerReadiness(final JavaProcess broker, final String host, final int port, final Duration timeout,
                            final BrokerLog log, final long logOffset) {
        this.broker = broker;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.log = log;
        this.logOffset = logOffset;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Returns once the broker at {@code host:port} answers.
     *
     * @param logOffset the size of the broker log at launch, where the failure report starts
     * @throws LocalStackException if the broker exits or does not answer within {@code timeout}
     */
    static void await(final JavaProcess broker, final String host, final int port, final Duration timeout,
                      final BrokerLog log, final long logOffset) {
        new BrokerReadiness(broker, host, port, timeout, log, logOffset).await();
    }

    private void await() {
        // A plain TCP probe first: the admin client would log a warning for every refused connection.
        while (!acceptsConnections()) {
            checkAlive();
            pause();
        }
        try (Admin admin = Admin.create(adminConfig())) {
            while (true) {
                checkAlive();
                if (!describeCluster(admin).isEmpty()) {
                    return;
                }
                pause();
            }
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private Collection<Node> describeCluster(final Admin admin) {
        final long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        final long waitMs = Math.min(remainingMs, PROBE_TIMEOUT.toMillis());
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) waitMs))
                .nodes().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            LOG.debug("Broker at {} not ready yet: {}", Loopback.hostPort(host, port), e.toString());
            return List.of();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the Kafka broker to start", e);
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Loopback.hostPort(host, port),
            AdminClientConfig.CLIENT_ID_CONFIG, "distill-local-stack-probe",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis(),
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    }

    private void checkAlive() {
        final OptionalInt exit = broker.exitCode();
        if (exit.isPresent()) {
            throw new LocalStackException("The Kafka broker exited during startup (exit " + exit.getAsInt()
                + "). " + log.failureReport(logOffset));
        }
    }

    private void pause() {
        if (System.nanoTime() >= deadline) {
            throw new LocalStackException("The Kafka broker at " + Loopback.hostPort(host, port)
                + " did not become ready within " + timeout + " (pid " + broker.pid() + "). "
                + log.failureReport(logOffset));
        }
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the Kafka broker to start", e);
        }
    }
}
