package io.distill.runtime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Picks the standard Kafka client settings out of a process's configuration and passes them through
 * untouched: every key a client knows ({@code bootstrap.servers}, {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, ...) reaches every client of that kind, and {@code producer.},
 * {@code consumer.} and {@code admin.} prefixes target one kind (prefix removed, prefixed value wins).
 * Distill's own keys never reach a client, so clients log no "unknown configuration" warnings.
 */
public final class ClientSettings {
    private static final Set<String> SECRET_MARKERS = Set.of("password", "secret", "jaas", "user.info", "credentials", "token");

    private ClientSettings() {
    }

    public static Map<String, Object> producer(final Map<String, ?> all) {
        return select(all, ProducerConfig.configNames(), "producer.");
    }

    public static Map<String, Object> consumer(final Map<String, ?> all) {
        return select(all, ConsumerConfig.configNames(), "consumer.");
    }

    public static Map<String, Object> admin(final Map<String, ?> all) {
        return select(all, AdminClientConfig.configNames(), "admin.");
    }

    /**
     * Settings for Kafka Streams: its own keys, every client key, and the client prefixes it understands
     * itself ({@code producer.}, {@code consumer.}, {@code main.consumer.}, {@code restore.consumer.},
     * {@code global.consumer.}, {@code admin.}, {@code topic.} is left out: distill uses it for names).
     */
    public static Map<String, Object> streams(final Map<String, ?> all) {
        final Map<String, Object> out = new HashMap<>();
        for (final Map.Entry<String, ?> entry : all.entrySet()) {
            final String key = entry.getKey();
            if (StreamsConfig.configDef().names().contains(key) || ProducerConfig.configNames().contains(key)
                || ConsumerConfig.configNames().contains(key) || AdminClientConfig.configNames().contains(key)
                || key.startsWith("producer.") || key.startsWith("consumer.") || key.startsWith("main.consumer.")
                || key.startsWith("restore.consumer.") || key.startsWith("global.consumer.") || key.startsWith("admin.")) {
                out.put(key, entry.getValue());
            }
        }
        return out;
    }

    /** Settings for the schema-registry client and serdes: the registry keys, auth included. */
    public static Map<String, Object> registry(final Map<String, ?> all) {
        final Map<String, Object> out = new HashMap<>();
        for (final Map.Entry<String, ?> entry : all.entrySet()) {
            final String key = entry.getKey();
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.equals("auto.register.schemas")
                || key.equals("use.latest.version") || key.equals("max.retries") || key.startsWith("retries.")
                || key.endsWith(".subject.name.strategy")) {
                out.put(key, entry.getValue());
            }
        }
        return out;
    }

    /** A printable copy with secret values masked, for start-up logs. */
    public static Map<String, String> redacted(final Map<String, ?> all) {
        final Map<String, String> out = new TreeMap<>();
        for (final Map.Entry<String, ?> entry : all.entrySet()) {
            out.put(entry.getKey(), isSecret(entry.getKey()) ? "[hidden]" : String.valueOf(entry.getValue()));
        }
        return out;
    }

    static boolean isSecret(final String key) {
        final String lower = key.toLowerCase(Locale.ROOT);
        for (final String marker : SECRET_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> select(final Map<String, ?> all, final Set<String> names, final String prefix) {
        final Map<String, Object> out = new HashMap<>();
        for (final Map.Entry<String, ?> entry : all.entrySet()) {
            if (names.contains(entry.getKey())) {
                out.put(entry.getKey(), entry.getValue());
            }
        }
        for (final Map.Entry<String, ?> entry : all.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                out.put(entry.getKey().substring(prefix.length()), entry.getValue());
            }
        }
        return out;
    }
}
