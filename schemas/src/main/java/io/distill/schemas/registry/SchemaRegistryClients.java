package io.distill.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Creates the schema registry client a configuration asks for.
 *
 * <p>{@code schema.registry.url=mock://<scope>} gives the {@link InMemorySchemaRegistry} shared by everything
 * in this JVM that names the same scope, as Confluent's {@code MockSchemaRegistry} does: a producer's
 * serializer and a consumer's deserializer configured separately in a {@code TopologyTestDriver} test meet in
 * the same registry. This is the one deliberate piece of process-wide mutable state; tests that want isolation
 * use a scope of their own or {@link #dropMockScope}. Any other URL gives a {@link RestSchemaRegistryClient}.
 */
public final class SchemaRegistryClients {
    /** The URL scheme selecting an in-memory registry. */
    public static final String MOCK_SCHEME = "mock://";

    private static final ConcurrentMap<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /**
     * A client for {@link SchemaRegistryClientConfig#SCHEMA_REGISTRY_URL_CONFIG}.
     *
     * @throws ConfigException when the URL is missing or invalid, naming the key
     */
    public static SchemaRegistryClient create(final Map<String, ?> configs) {
        return create(new SchemaRegistryClientConfig(configs));
    }

    /** A client for a parsed configuration. */
    public static SchemaRegistryClient create(final SchemaRegistryClientConfig config) {
        final List<String> urls = config.requiredUrls();
        final String first = urls.get(0);
        if (first.startsWith(MOCK_SCHEME)) {
            if (urls.size() > 1) {
                throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG,
                        String.join(",", urls), "a mock:// URL must be the only URL");
            }
            return mockScope(first.substring(MOCK_SCHEME.length()));
        }
        return new RestSchemaRegistryClient(config);
    }

    /** The in-memory registry of a scope, created empty on first use. */
    public static InMemorySchemaRegistry mockScope(final String scope) {
        return MOCK_SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry(MOCK_SCHEME + s));
    }

    /** Forgets a scope; the next use starts from an empty registry. */
    public static void dropMockScope(final String scope) {
        MOCK_SCOPES.remove(scope);
    }
}
