package io.distill.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.share.ShareCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.apache.kafka.storage.internals.log.CleanerConfig;

/**
 * The {@code server.properties} of the single-node local broker: KRaft combined mode (broker and
 * controller in one process, node id 1, a static quorum of itself), listeners on one loopback host only,
 * replication factor 1 everywhere, and small-machine thread and buffer sizes.
 */
final class ServerProperties {
    /** The node id of the one and only node. */
    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * Internal topics are created once, so these counts stick; the broker defaults (50 each) make the first
     * consumer group or transaction slow to start on a small machine and buy nothing on a single node.
     */
    static final int INTERNAL_TOPIC_PARTITIONS = 10;

    /**
     * After a kill -9 the restarted controller refuses the broker's new registration until the old session
     * expires (default 9 s). Broker and controller share one JVM here, so heartbeats cross only loopback and
     * a shorter session costs nothing.
     */
    static final int BROKER_SESSION_TIMEOUT_MS = 4_000;
    static final int BROKER_HEARTBEAT_INTERVAL_MS = 1_000;

    /** The cleaner's default 128 MiB dedupe buffer would take a sixth of the broker heap. */
    static final int CLEANER_DEDUPE_BUFFER_BYTES = 32 * 1024 * 1024;

    private ServerProperties() {
    }

    /**
     * The broker configuration, sorted by key.
     *
     * @param host the loopback host every listener binds to and advertises
     * @param port the client (PLAINTEXT) port
     * @param controllerPort the KRaft controller port
     * @param logDir the broker's data directory ({@code log.dirs})
     * @param overrides extra or replacing broker settings, applied last
     */
    static SortedMap<String, String> build(final String host, final int port, final int controllerPort,
                                           final Path logDir, final Map<String, String> overrides) {
        final String clientEndpoint = CLIENT_LISTENER + "://" + Loopback.hostPort(host, port);
        final String controllerEndpoint = CONTROLLER_LISTENER + "://" + Loopback.hostPort(host, controllerPort);
        final SortedMap<String, String> props = new TreeMap<>();
        props.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
        props.put(KRaftConfigs.NODE_ID_CONFIG, Integer.toString(NODE_ID));
        props.put(QuorumConfig.QUORUM_VOTERS_CONFIG, NODE_ID + "@" + Loopback.hostPort(host, controllerPort));
        props.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
        props.put(SocketServerConfigs.LISTENERS_CONFIG, clientEndpoint + "," + controllerEndpoint);
        props.put(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG, clientEndpoint);
        props.put(SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
            CONTROLLER_LISTENER + ":PLAINTEXT," + CLIENT_LISTENER + ":PLAINTEXT");
        props.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, CLIENT_LISTENER);
        props.put(ServerLogConfigs.LOG_DIRS_CONFIG, logDir.toAbsolutePath().toString());

        props.put(KRaftConfigs.BROKER_SESSION_TIMEOUT_MS_CONFIG, Integer.toString(BROKER_SESSION_TIMEOUT_MS));
        props.put(KRaftConfigs.BROKER_HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(BROKER_HEARTBEAT_INTERVAL_MS));

        props.put(ServerLogConfigs.AUTO_CREATE_TOPICS_ENABLE_CONFIG, "false");
        props.put(ServerLogConfigs.NUM_PARTITIONS_CONFIG, "1");
        props.put(ReplicationConfigs.DEFAULT_REPLICATION_FACTOR_CONFIG, "1");
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(GroupCoordinatorConfig.STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put(ShareCoordinatorConfig.STATE_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(ShareCoordinatorConfig.STATE_TOPIC_MIN_ISR_CONFIG, "1");
        props.put(ShareCoordinatorConfig.STATE_TOPIC_NUM_PARTITIONS_CONFIG, Integer.toString(INTERNAL_TOPIC_PARTITIONS));

        props.put(SocketServerConfigs.NUM_NETWORK_THREADS_CONFIG, "2");
        props.put(ServerConfigs.NUM_IO_THREADS_CONFIG, "2");
        props.put(ServerConfigs.BACKGROUND_THREADS_CONFIG, "2");
        props.put(ServerLogConfigs.NUM_RECOVERY_THREADS_PER_DATA_DIR_CONFIG, "1");
        props.put(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP, Integer.toString(CLEANER_DEDUPE_BUFFER_BYTES));

        props.putAll(overrides);
        return Collections.unmodifiableSortedMap(props);
    }

    /**
     * The properties as file text: one {@code key=value} per line in key order, no timestamp (unlike
     * {@link java.util.Properties#store}), so the same settings always give the same file.
     */
    static String render(final Map<String, String> props) {
        final StringBuilder text = new StringBuilder(
            "# Written by distill's local stack on every broker start; edits are overwritten.\n");
        new TreeMap<>(props).forEach((key, value) -> text.append(escape(key, true)).append('=')
            .append(escape(value, false)).append('\n'));
        return text.toString();
    }

    /** Writes {@link #render(Map)} to {@code file}. */
    static void write(final Path file, final Map<String, String> props) {
        try {
            Files.writeString(file, render(props), StandardCharsets.ISO_8859_1);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Escapes for {@link java.util.Properties#load(java.io.InputStream)}, which reads ISO-8859-1. */
    private static String escape(final String text, final boolean isKey) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '=', ':', '#', '!' -> out.append(isKey || i == 0 ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
