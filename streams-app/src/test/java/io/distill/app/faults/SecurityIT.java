package io.distill.app.faults;

import static io.distill.stack.testing.WaitUntil.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.distill.app.http.EdgeConfig;
import io.distill.app.ingest.IngestApp;
import io.distill.app.pipeline.Pipeline;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.DistillException;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.stack.Loopback;
import io.distill.stack.testing.RecordCollector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Security basics: the workers take standard Kafka security settings and registry credentials from their
 * configuration and give them to every client they build. A broker of the test's own offers a SASL_SSL listener
 * (PLAIN over TLS, a self-signed certificate made with keytool) next to the plaintext one the test's own clients use,
 * and the registry sits behind HTTP basic authentication. Ingest, teacher, student and edge run in this JVM with
 * {@code security.protocol=SASL_SSL}, {@code sasl.jaas.config} (with a password), {@code ssl.truststore.*} and
 * {@code basic.auth.user.info}, twice (so the teacher also rebuilds through its replay consumer). Checked:
 * <ul>
 *   <li>events flow end to end exactly once: the settings work;</li>
 *   <li>every Kafka client they built received them: {@link ClientConfigCapture} in {@code metric.reporters} records the
 *       configuration of each: Kafka Streams itself and its main and restore consumers, producers, global consumer
 *       and admin clients (ingest, student, edge); the teacher's consumer, replay consumer and producer; the admin
 *       clients of the topic checks;</li>
 *   <li>every registry request carried the credentials (none refused), and wrong credentials are refused (401);</li>
 *   <li>no secret appears in any log line, Kafka's own configuration dumps included (INFO for {@code org.apache.kafka},
 *       DEBUG for {@code io.distill} while the test runs), nor in the errors of a worker given a wrong password.</li>
 * </ul>
 * That the local stack listens on loopback only is {@code KafkaBrokerIT} (local-stack) and {@code LocalStackConfigTest}.
 */
class SecurityIT {
    private static final String KAFKA_PASSWORD = "kafka-s3cret-8d41e";
    private static final String WRONG_KAFKA_PASSWORD = "kafka-wrong-0b7c2";
    private static final String REGISTRY_PASSWORD = "registry-s3cret-5c22f";
    private static final String WRONG_REGISTRY_PASSWORD = "registry-wrong-3a9d1";
    private static final String TRUSTSTORE_PASSWORD = "trust-s3cret-77a1c";
    private static final String KEYSTORE_PASSWORD = "keystore-s3cret-19b3d";
    private static final String ADMIN_PASSWORD = "admin-s3cret-4e0aa";
    private static final List<String> SECRETS = List.of(KAFKA_PASSWORD, WRONG_KAFKA_PASSWORD, REGISTRY_PASSWORD,
        WRONG_REGISTRY_PASSWORD, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD, ADMIN_PASSWORD);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final long EVENTS = 300;

    @Test
    void securitySettingsReachEveryClientAndNoSecretIsLogged(@TempDir final Path dir) throws Exception {
        final TestCertificates certificates = TestCertificates.create(dir, KEYSTORE_PASSWORD, TRUSTSTORE_PASSWORD);
        final int[] ports = Loopback.freePorts(Loopback.DEFAULT_HOST, 3);
        final String secure = "127.0.0.1:" + ports[2];
        ClientConfigCapture.clear();
        final LogCapture logs = LogCapture.start();
        try (FaultStack stack = FaultStack.start(dir.resolve("stack"), ports[0], ports[1], brokerSecurity(ports, certificates));
             BasicAuthProxy proxy = new BasicAuthProxy(URI.create(stack.registryUrl()), "distill", REGISTRY_PASSWORD)) {
            final PipelineLayout layout = PipelineLayout.of("secure", 2, stack.bootstrapServers(), stack.registryUrl(),
                dir.resolve("state"));
            stack.createTopics(layout.topics());
            final Map<String, String> settings = new TreeMap<>(layout.settings());
            settings.put("bootstrap.servers", secure);
            settings.put("security.protocol", "SASL_SSL");
            settings.put("sasl.mechanism", "PLAIN");
            settings.put("sasl.jaas.config", jaas(KAFKA_PASSWORD));
            settings.put("ssl.truststore.location", certificates.truststore().toString());
            settings.put("ssl.truststore.password", TRUSTSTORE_PASSWORD);
            settings.put("ssl.truststore.type", "PKCS12");
            settings.put("schema.registry.url", proxy.url().toString());
            settings.put("basic.auth.credentials.source", "USER_INFO");
            settings.put("basic.auth.user.info", "distill:" + REGISTRY_PASSWORD);
            settings.put("metric.reporters", ClientConfigCapture.class.getName());
            settings.put(EdgeConfig.HTTP_PORT, "0");
            settings.put(EdgeConfig.APPLICATION_ID, "secure-edge");

            // twice: the second run's teacher rebuilds from the labelled prefix, through its replay consumer
            final List<String> valid = new ArrayList<>();
            for (final long seed : new long[] {42, 43}) {
                try (Pipeline pipeline = Pipeline.create(settings, InProcessPipeline.CLOCK, EnumSet.allOf(Pipeline.Role.class),
                         new PrometheusRegistry());
                     EventFeed feed = new EventFeed(layout, SyntheticParamsFor.events(EVENTS).withSeed(seed), 0, 50, BadInput.REAL)) {
                    pipeline.start();
                    feed.start();
                    feed.awaitDone(TIMEOUT);
                    // a service that could not connect has stopped by now: say so rather than wait out the audit
                    assertThat(pipeline.failure()).as("a service stopped (seed %d)", seed).isEmpty();
                    valid.addAll(feed.validIds());
                    PipelineAudit.awaitQuietAndAudit(layout, settings, valid, feed.badMarkers(), TIMEOUT).stages()
                        .forEach(stage -> assertThat(stage.lost() + stage.duplicates()).as(stage.toString()).isZero());
                    final List<ConsumerRecord<byte[], byte[]>> published = RecordCollector.forBootstrap(stack.bootstrapServers())
                        .readToEnd(layout.topics().recommendations(), TIMEOUT);
                    final String userId = new String(published.get(published.size() - 1).key(), StandardCharsets.UTF_8);
                    final URI user = pipeline.edge().orElseThrow().url().resolve("/users/" + userId + "/recommendations");
                    waitUntil(TIMEOUT, "the edge serves " + userId + "'s recommendations", () -> status(user) == 200);
                    assertThat(pipeline.failure()).isEmpty();
                }
            }

            final List<Map<String, String>> clients = ClientConfigCapture.captured();
            assertThat(clients).allSatisfy(config -> {
                assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", jaas(KAFKA_PASSWORD))
                    .containsEntry("ssl.truststore.location", certificates.truststore().toString())
                    .containsEntry("ssl.truststore.password", TRUSTSTORE_PASSWORD).containsEntry("bootstrap.servers", secure);
            });
            final List<String> ids = clients.stream().map(config -> config.getOrDefault("client.id", "")).toList();
            for (final String streams : List.of(layout.ingestApplicationId(), layout.studentApplicationId())) {
                assertThat(ids).as("clients of %s", streams)
                    .anyMatch(startsAndEnds(streams, "-StreamThread-1-consumer"))
                    .anyMatch(startsAndEnds(streams, "-restore-consumer"))
                    .anyMatch(startsAndEnds(streams, "-StreamThread-1-producer"))
                    .anyMatch(startsAndEnds(streams, "-admin"));
            }
            assertThat(ids).as("clients of the edge").anyMatch(startsAndEnds("secure-edge", "-global-consumer"))
                .anyMatch(startsAndEnds("secure-edge", "-admin"));
            final String teacher = layout.teacherTransactionalId();
            assertThat(ids).as("clients of the teacher").contains(teacher + "-consumer", teacher + "-producer", teacher + "-replay");
            assertThat(ids).as("admin clients of the topic checks").anyMatch(id -> id.startsWith("adminclient-"));

            assertThat(proxy.authorized()).as("registry requests with credentials").isPositive();
            assertThat(proxy.refused()).as("registry requests without or with wrong credentials").isZero();

            // wrong credentials: refused, and the errors name no secret
            final Map<String, String> wrongKafka = new TreeMap<>(settings);
            wrongKafka.put("sasl.jaas.config", jaas(WRONG_KAFKA_PASSWORD));
            try (IngestApp ingest = new IngestApp(wrongKafka, InProcessPipeline.CLOCK)) {
                assertThatThrownBy(ingest::start).isInstanceOf(DistillException.class)
                    .satisfies(error -> assertNoSecret(describe(error)));
            }
            final Map<String, String> wrongRegistry = new TreeMap<>(settings);
            wrongRegistry.put("basic.auth.user.info", "distill:" + WRONG_REGISTRY_PASSWORD);
            try (SchemaRegistryClient client = SchemaRegistryClients.create(wrongRegistry.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("schema.registry.") || entry.getKey().startsWith("basic.auth."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))) {
                assertThatThrownBy(client::getAllSubjects).isInstanceOfSatisfying(SchemaRegistryException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(401);
                    assertNoSecret(describe(error));
                });
            }
            assertThat(proxy.refused()).isEqualTo(1);
        } finally {
            logs.stop();
        }
        assertThat(logs.lines()).as("log lines captured").hasSizeGreaterThan(100);
        assertThat(logs.lines()).as("settings logged with their secrets masked").anyMatch(line -> line.contains("[hidden]"));
        assertThat(logs.lines()).as("Kafka's configuration dumps captured").anyMatch(line -> line.contains("sasl.jaas.config = [hidden]"));
        logs.lines().forEach(SecurityIT::assertNoSecret);
    }

    private static Map<String, String> brokerSecurity(final int[] ports, final TestCertificates certificates) {
        final String prefix = "listener.name.sasl_ssl.";
        return Map.of(
            "listeners", "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1] + ",SASL_SSL://127.0.0.1:" + ports[2],
            "advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[0] + ",SASL_SSL://127.0.0.1:" + ports[2],
            "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL",
            "sasl.enabled.mechanisms", "PLAIN",
            prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""
                + " password=\"" + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD + "\" user_distill=\"" + KAFKA_PASSWORD + "\";",
            prefix + "ssl.keystore.location", certificates.keystore().toString(),
            prefix + "ssl.keystore.password", certificates.keystorePassword(),
            prefix + "ssl.key.password", certificates.keystorePassword(),
            prefix + "ssl.keystore.type", "PKCS12");
    }

    private static String jaas(final String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"distill\" password=\"" + password + "\";";
    }

    private static Predicate<String> startsAndEnds(final String start, final String end) {
        return id -> id.startsWith(start) && id.endsWith(end);
    }

    private static int status(final URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String describe(final Throwable error) {
        final StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }

    private static void assertNoSecret(final String text) {
        for (final String secret : SECRETS) {
            assertThat(text).as("text naming a secret").doesNotContain(secret);
        }
    }

    /**
     * Every log event of this JVM while the test runs, formatted, with the messages of its exceptions: Kafka's loggers
     * at INFO (they print each client's configuration) and distill's at DEBUG, neither passed on to the console.
     */
    private static final class LogCapture {
        private static final List<String> VERBOSE = List.of("org.apache.kafka", "io.distill");
        private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final List<Level> levels = new ArrayList<>();

        static LogCapture start() {
            final LogCapture capture = new LogCapture();
            capture.appender.setContext(capture.context);
            capture.appender.start();
            capture.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture.appender);
            for (final String name : VERBOSE) {
                final Logger logger = capture.context.getLogger(name);
                capture.levels.add(logger.getLevel());
                logger.setLevel(name.equals("io.distill") ? Level.DEBUG : Level.INFO);
                logger.setAdditive(false);
                logger.addAppender(capture.appender);
            }
            return capture;
        }

        void stop() {
            for (int i = 0; i < VERBOSE.size(); i++) {
                final Logger logger = context.getLogger(VERBOSE.get(i));
                logger.detachAppender(appender);
                logger.setAdditive(true);
                logger.setLevel(levels.get(i));
            }
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
        }

        List<String> lines() {
            final List<String> lines = new ArrayList<>();
            for (final ILoggingEvent event : List.copyOf(appender.list)) {
                final StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
                for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                    line.append(" | ").append(error.getClassName()).append(": ").append(error.getMessage());
                }
                lines.add(line.toString());
            }
            return lines;
        }
    }
}
