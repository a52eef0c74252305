package io.distill.schemas.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed configuration of a schema registry client, with Confluent's key names, so the same properties work
 * with Confluent's serializers and ours. The authentication and retry keys are also accepted with the
 * {@code schema.registry.} prefix (e.g. {@code schema.registry.basic.auth.user.info}), as Confluent does; the
 * prefixed form wins when both are given.
 */
public class SchemaRegistryClientConfig extends AbstractConfig {

    /** Comma-separated registry URLs, tried in order with fail-over; {@code mock://<scope>} for in-memory. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    /** Where basic-auth credentials come from: {@code URL} (user info in the URL) or {@code USER_INFO}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    /** {@code user:password} for basic auth when the source is {@code USER_INFO}. */
    public static final String USER_INFO_CONFIG = "basic.auth.user.info";
    /** Time allowed for one HTTP request, connection included, in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    /** Time allowed to open a connection, in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    /** Retries after the first attempt, on I/O errors, timeouts, 5xx and 429. */
    public static final String MAX_RETRIES_CONFIG = "max.retries";
    /** Wait before the first retry, in milliseconds; doubles on each further retry. */
    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    /** Upper bound of the wait between retries, in milliseconds. */
    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";

    /** The prefix under which Confluent also accepts the client keys. */
    public static final String PREFIX = "schema.registry.";

    /** Credentials source: the user info part of each URL ({@code http://user:pass@host:8081}). */
    public static final String CREDENTIALS_SOURCE_URL = "URL";
    /** Credentials source: {@link #USER_INFO_CONFIG}. */
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";

    private static final List<String> PREFIXABLE = List.of(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, USER_INFO_CONFIG,
            MAX_RETRIES_CONFIG, RETRIES_WAIT_MS_CONFIG, RETRIES_MAX_WAIT_MS_CONFIG);

    private static final ConfigDef CONFIG = addClientDefinitions(new ConfigDef());

    public SchemaRegistryClientConfig(final Map<String, ?> originals) {
        this(CONFIG, originals);
    }

    /** For subclasses that add keys to {@link #addClientDefinitions(ConfigDef)}. */
    protected SchemaRegistryClientConfig(final ConfigDef definition, final Map<String, ?> originals) {
        super(definition, withPrefixedAliases(originals), false);
        validateCredentials();
    }

    /** The definition of the client keys, for documentation and tools. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Adds the client keys to {@code definition} (used by configs that embed a client's). */
    public static ConfigDef addClientDefinitions(final ConfigDef definition) {
        return definition
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH,
                        "Comma-separated list of schema registry URLs, tried in order with fail-over. "
                                + "mock://<scope> selects a process-wide in-memory registry for tests. Required.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
                        ConfigDef.ValidString.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO),
                        Importance.MEDIUM, "Where basic-auth credentials come from: URL (the user info of each "
                                + "URL, none if absent) or USER_INFO (" + USER_INFO_CONFIG + ").")
                .define(USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for basic auth, when " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                                + "=USER_INFO.")
                .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Time allowed for one HTTP request to the registry, in milliseconds.")
                .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Time allowed to open a connection to the registry, in milliseconds.")
                .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Retries after the first attempt on I/O errors, timeouts, HTTP 5xx and 429.")
                .define(RETRIES_WAIT_MS_CONFIG, Type.INT, 1_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry in milliseconds; doubled on each further retry.")
                .define(RETRIES_MAX_WAIT_MS_CONFIG, Type.INT, 2_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper bound of the wait between two retries, in milliseconds.");
    }

    /** The configured URLs, trimmed, possibly with credentials in them: never log these raw. */
    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The URLs, failing with a message naming the key when there are none. */
    public List<String> requiredUrls() {
        final List<String> urls = urls();
        if (urls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL_CONFIG
                    + "\" which has no default value.");
        }
        return urls;
    }

    /** True when credentials come from {@link #USER_INFO_CONFIG}. */
    public boolean credentialsFromUserInfo() {
        return CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG));
    }

    /** {@code user:password}, or null. */
    public String userInfo() {
        final Password password = getPassword(USER_INFO_CONFIG);
        return password == null ? null : password.value();
    }

    private void validateCredentials() {
        if (credentialsFromUserInfo()) {
            final String userInfo = userInfo();
            if (userInfo == null || userInfo.indexOf(':') < 0) {
                throw new ConfigException(USER_INFO_CONFIG, "[hidden]", "must be user:password when "
                        + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + CREDENTIALS_SOURCE_USER_INFO);
            }
        }
    }

    private static Map<String, Object> withPrefixedAliases(final Map<String, ?> originals) {
        final Map<String, Object> copy = new HashMap<>(originals);
        for (final String key : PREFIXABLE) {
            final Object prefixed = originals.get(PREFIX + key);
            if (prefixed != null) {
                copy.put(key, prefixed);
            }
        }
        return copy;
    }
}
