package io.distill.runtime;

import io.distill.schemas.DistillException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Loads a process's configuration the way Kafka users expect: a properties file, overridden by
 * environment variables, overridden by command-line {@code --set key=value} pairs.
 *
 * <p>Environment variables use the Confluent images' convention with a {@code DISTILL_} prefix:
 * {@code DISTILL_BOOTSTRAP_SERVERS} is {@code bootstrap.servers}; a single underscore becomes a dot, a
 * double underscore an underscore, a triple underscore a dash ({@code DISTILL_SASL_JAAS_CONFIG} is
 * {@code sasl.jaas.config}).
 */
public final class DistillProperties {
    /** Prefix of the environment variables that configure distill. */
    public static final String ENV_PREFIX = "DISTILL_";

    private DistillProperties() {
    }

    /**
     * @param file      a properties file, or null for none
     * @param env       the environment (normally {@code System.getenv()})
     * @param overrides highest-priority settings (command line)
     * @return the merged settings, sorted by key
     */
    public static Map<String, String> load(final Path file, final Map<String, String> env, final Map<String, String> overrides) {
        final Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        for (final Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getKey().startsWith(ENV_PREFIX) && entry.getKey().length() > ENV_PREFIX.length()) {
                merged.put(keyOf(entry.getKey()), entry.getValue());
            }
        }
        merged.putAll(overrides);
        return merged;
    }

    /** The configuration key an environment variable stands for. */
    static String keyOf(final String variable) {
        final String name = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        return name.replace("___", "\u0000").replace("__", "\u0001").replace('_', '.').replace('\u0000', '-').replace('\u0001', '_');
    }

    private static Map<String, String> readFile(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DistillException("configuration file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException | IllegalArgumentException e) {
            throw new DistillException("cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        final Map<String, String> out = new TreeMap<>();
        for (final String name : properties.stringPropertyNames()) {
            out.put(name, properties.getProperty(name).strip());
        }
        return out;
    }
}
