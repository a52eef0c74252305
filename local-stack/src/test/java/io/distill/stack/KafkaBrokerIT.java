package io.distill.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.stack.testing.RecordCollector;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One broker of its own (this class stops, kills and restarts it), taken through a life: produce and
 * consume, transactions, restart, crash, and the ways a start can fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long T0 = 1_700_000_000_000L;
    private static final String PLAIN = "plain";
    private static final String TXN = "txn";
    private static final String IPV4_MAPPED_PREFIX = "0000000000000000FFFF0000";

    @TempDir
    static Path dir;

    private static KafkaBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka")));
        broker.start();
        bootstrap = broker.bootstrapServers();
        TopicProvisioner.provision(bootstrap, List.of(TopicSpec.of(PLAIN, 2), TopicSpec.of(TXN, 1)), TIMEOUT);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @Order(1)
    void producesAndConsumesWithPlainClients() throws Exception {
        assertThat(broker.isRunning()).isTrue();
        assertThat(bootstrap).startsWith("127.0.0.1:");
        produce(PLAIN, 0, 10);
        final List<ConsumerRecord<String, String>> records = read(PLAIN, RecordCollector.forBootstrap(bootstrap));
        assertThat(records).hasSize(10);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(values(0, 10));
        assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(T0 + Integer.parseInt(r.value().substring(1))));
    }

    @Test
    @Order(2)
    void readCommittedSeesOnlyCommittedTransactions() {
        final Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-it-txn");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            sendAll(producer, TXN, List.of("c1", "c2", "c3"));
            producer.commitTransaction();
            producer.beginTransaction();
            sendAll(producer, TXN, List.of("a1", "a2"));
            // Flushed first, so the aborted records are really in the log (abort drops unsent ones).
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            sendAll(producer, TXN, List.of("open1"));
            producer.flush();

            final RecordCollector committed = RecordCollector.forBootstrap(bootstrap);
            final RecordCollector uncommitted = committed.withProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted");
            // The open transaction holds the last stable offset back; read_committed stops before it.
            assertThat(read(TXN, committed)).extracting(ConsumerRecord::value).containsExactly("c1", "c2", "c3");
            assertThat(read(TXN, uncommitted)).extracting(ConsumerRecord::value)
                .containsExactly("c1", "c2", "c3", "a1", "a2", "open1");

            producer.commitTransaction();
            assertThat(read(TXN, committed)).extracting(ConsumerRecord::value).containsExactly("c1", "c2", "c3", "open1");
        }
    }

    @Test
    @Order(3)
    void listensOnLoopbackOnly() throws IOException {
        final String listeners = loadServerProperties().getProperty("listeners");
        assertThat(listeners).isEqualTo("PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + broker.controllerPort());
        assertThat(loadServerProperties().getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://" + bootstrap);

        for (final InetAddress address : nonLoopbackAddresses()) {
            for (final int port : new int[] {broker.port(), broker.controllerPort()}) {
                assertThat(connects(address, port)).as("connect to %s:%d", address.getHostAddress(), port).isFalse();
            }
        }
        assertThat(connects(InetAddress.getByName("127.0.0.1"), broker.port())).isTrue();

        final Path procNetTcp = Path.of("/proc/net/tcp");
        if (Files.isReadable(procNetTcp)) {
            // The kernel's own view: every listening socket on our ports is bound to 127.0.0.1.
            for (final int port : new int[] {broker.port(), broker.controllerPort()}) {
                final List<String> local = listeningAddresses(List.of(procNetTcp, Path.of("/proc/net/tcp6")), port);
                assertThat(local).as("listening sockets on port %d", port).containsOnly("0100007F");
            }
        }
    }

    @Test
    @Order(4)
    void aRestartKeepsTopicsAndRecords() throws Exception {
        final String clusterId = broker.clusterId().orElseThrow();
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.pid()).isEmpty();

        broker.start();

        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(broker.clusterId()).hasValue(clusterId);
        assertThat(read(PLAIN, RecordCollector.forBootstrap(bootstrap))).extracting(ConsumerRecord::value)
            .containsExactlyInAnyOrderElementsOf(values(0, 10));
        assertThat(read(TXN, RecordCollector.forBootstrap(bootstrap))).extracting(ConsumerRecord::value)
            .containsExactly("c1", "c2", "c3", "open1");
    }

    @Test
    @Order(5)
    void recoversAfterAKill() throws Exception {
        final long pid = broker.pid().orElseThrow();
        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        broker.start();

        produce(PLAIN, 10, 5);
        assertThat(read(PLAIN, RecordCollector.forBootstrap(bootstrap))).extracting(ConsumerRecord::value)
            .containsExactlyInAnyOrderElementsOf(values(0, 15));
    }

    @Test
    @Order(6)
    void aSecondBrokerOnTheSameDirectoryIsRefusedBeforeLaunching() {
        final KafkaBroker second = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka")));
        assertThatThrownBy(second::start)
            .isInstanceOf(LocalStackException.class)
            .hasMessageContaining("is in use by another broker in this JVM");
        assertThat(second.isRunning()).isFalse();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    @Order(7)
    void aTakenPortFailsBeforeLaunching() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final KafkaBroker blocked = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("blocked"))
                .withPorts(taken.getLocalPort(), 0));
            assertThatThrownBy(blocked::start)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                .hasMessageContaining("already in use");
            assertThat(blocked.isRunning()).isFalse();
        }
    }

    @Test
    @Order(8)
    void aBrokerThatExitsDuringStartupIsReportedWithItsErrors() {
        broker.stop();
        // Storage is formatted already, so the broker itself is what rejects the bad setting.
        final KafkaBroker misconfigured = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka"))
            .withBrokerOverrides(Map.of("num.io.threads", "0")));
        assertThatThrownBy(misconfigured::start)
            .isInstanceOf(LocalStackException.class)
            .hasMessageContaining("exited during startup")
            .hasMessageContaining("Errors it logged")
            .hasMessageContaining("num.io.threads")
            .hasMessageContaining("Tail of " + dir.resolve("kafka").resolve("logs/broker.log"));
        assertThat(misconfigured.isRunning()).isFalse();
    }

    @Test
    @Order(9)
    void aStartupTimeoutKillsTheBrokerAndSaysWhy() {
        final KafkaBroker impatient = new KafkaBroker(KafkaBroker.Settings.ephemeral(dir.resolve("kafka"))
            .withStartupTimeout(Duration.ofMillis(1)));
        assertThatThrownBy(impatient::start)
            .isInstanceOf(LocalStackException.class)
            .hasMessageContaining("did not become ready within PT0.001S")
            .hasMessageContaining("Tail of");
        assertThat(impatient.isRunning()).isFalse();
    }

    private static void produce(final String topic, final int from, final int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, null, T0 + i, "u" + i, "v" + i)).get();
            }
        }
    }

    private static void sendAll(final KafkaProducer<String, String> producer, final String topic,
                                final List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            producer.send(new ProducerRecord<>(topic, null, T0 + i, "k", values.get(i)));
        }
    }

    private static Properties producerProps() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static List<ConsumerRecord<String, String>> read(final String topic, final RecordCollector collector) {
        return collector.readToEnd(topic, new StringDeserializer(), new StringDeserializer(), TIMEOUT);
    }

    private static List<String> values(final int from, final int to) {
        final List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("v" + i);
        }
        return values;
    }

    private static Properties loadServerProperties() throws IOException {
        final Properties props = new Properties();
        try (var in = Files.newInputStream(dir.resolve("kafka").resolve(KafkaBroker.SERVER_PROPERTIES))) {
            props.load(in);
        }
        return props;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        final List<InetAddress> addresses = new ArrayList<>();
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (final InetAddress address : Collections.list(nic.getInetAddresses())) {
                // Link-local IPv6 needs a scope to be dialled; it says nothing the others do not.
                if (!address.isLoopbackAddress() && !(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    private static boolean connects(final InetAddress address, final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** The hex local addresses of LISTEN sockets on {@code port} in /proc/net/tcp-style tables. */
    private static List<String> listeningAddresses(final List<Path> tables, final int port) throws IOException {
        final String portHex = String.format(Locale.ROOT, "%04X", port);
        final List<String> local = new ArrayList<>();
        for (final Path table : tables) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (final String line : Files.readAllLines(table)) {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && "0A".equals(fields[3]) && fields[1].endsWith(":" + portHex)) {
                    final String address = fields[1].substring(0, fields[1].indexOf(':'));
                    // Java may listen on an IPv6 socket with the IPv4-mapped address ::ffff:127.0.0.1.
                    local.add(address.startsWith(IPV4_MAPPED_PREFIX) ? address.substring(IPV4_MAPPED_PREFIX.length()) : address);
                }
            }
        }
        return local;
    }
}
