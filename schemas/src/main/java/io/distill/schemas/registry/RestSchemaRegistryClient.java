package io.distill.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}) on the
 * JDK's {@link HttpClient}.
 *
 * <ul>
 *   <li>Several base URLs: a request goes to the URL that last answered and fails over to the others on
 *       transport errors.</li>
 *   <li>Retries: up to {@code max.retries} more rounds after the first, on transport errors, timeouts, 5xx, 408
 *       and 429, waiting {@code retries.wait.ms} doubled each round up to {@code retries.max.wait.ms}. Answers
 *       about the request itself (404, 409, 422, 401...) are not retried.</li>
 *   <li>Caches: id → schema, (subject, schema) → id and lookups, (subject, version) → metadata; these never
 *       change in a registry, so a serde's hot path calls the registry once per schema. Latest versions,
 *       subject lists and compatibility levels are not cached.</li>
 *   <li>Basic auth from {@code basic.auth.user.info} or the URLs' user info; credentials never appear in
 *       messages, logs or {@link #toString()}.</li>
 * </ul>
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    /** The content type of Confluent's API, sent with bodies and answered by our server. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int MAX_ERROR_BODY = 300;

    private final List<RegistryEndpoint> endpoints;
    private final String description;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final long retryWaitMs;
    private final long retryMaxWaitMs;
    private final ExecutorService executor;
    private final HttpClient http;
    private final AtomicInteger preferred = new AtomicInteger();

    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Schema, SchemaMetadata>> lookupsBySubject =
            new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Integer, SchemaMetadata>> versionsBySubject =
            new ConcurrentHashMap<>();

    /** A client configured from Confluent-style properties (see {@link SchemaRegistryClientConfig}). */
    public RestSchemaRegistryClient(final Map<String, ?> configs) {
        this(new SchemaRegistryClientConfig(configs));
    }

    /** A client configured from a parsed config. */
    public RestSchemaRegistryClient(final SchemaRegistryClientConfig config) {
        final String userInfo = config.credentialsFromUserInfo() ? config.userInfo() : null;
        this.endpoints = config.requiredUrls().stream().map(url -> RegistryEndpoint.parse(url, userInfo)).toList();
        this.description = endpoints.stream().map(RegistryEndpoint::base).collect(Collectors.joining(", "));
        this.requestTimeout = Duration.ofMillis(config.getInt(SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS_CONFIG));
        this.maxRetries = config.getInt(SchemaRegistryClientConfig.MAX_RETRIES_CONFIG);
        this.retryWaitMs = config.getInt(SchemaRegistryClientConfig.RETRIES_WAIT_MS_CONFIG);
        this.retryMaxWaitMs = config.getInt(SchemaRegistryClientConfig.RETRIES_MAX_WAIT_MS_CONFIG);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            final Thread thread = new Thread(runnable, "schema-registry-client-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.getInt(SchemaRegistryClientConfig.CONNECT_TIMEOUT_MS_CONFIG)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    // ---------------------------------------------------------------- API

    @Override
    public int register(final String subject, final Schema schema) {
        final ConcurrentMap<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        final Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        final int id = requiredInt(answer, "id");
        ids.putIfAbsent(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int getId(final String subject, final Schema schema) {
        final ConcurrentMap<Schema, Integer> ids = idsBySubject.get(subject);
        final Integer cached = ids == null ? null : ids.get(schema);
        return cached != null ? cached : lookUpSchema(subject, schema).id();
    }

    @Override
    public SchemaMetadata lookUpSchema(final String subject, final Schema schema) {
        final ConcurrentMap<Schema, SchemaMetadata> lookups =
                lookupsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        final SchemaMetadata cached = lookups.get(schema);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        final int id = requiredInt(answer, "id");
        schemasById.putIfAbsent(id, schema);
        final SchemaMetadata metadata = new SchemaMetadata(subject, requiredInt(answer, "version"), id,
                schemasById.get(id));
        lookups.putIfAbsent(schema, metadata);
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).putIfAbsent(schema, id);
        return metadata;
    }

    @Override
    public Schema getSchemaById(final int id) {
        final Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        return schemaOf(answer, id);
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(final String subject) {
        return metadataOf(subject, call("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public SchemaMetadata getSchemaMetadata(final String subject, final int version) {
        final ConcurrentMap<Integer, SchemaMetadata> versions =
                versionsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        final SchemaMetadata cached = versions.get(version);
        if (cached != null) {
            return cached;
        }
        final SchemaMetadata metadata =
                metadataOf(subject, call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
        versions.putIfAbsent(version, metadata);
        return metadata;
    }

    @Override
    public CompatibilityResult testCompatibilityVerbose(final String subject, final Schema schema) {
        final JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema));
        } catch (final SchemaRegistryException e) {
            // older registries answer "not found" for a subject without versions, which accepts any schema
            if (e.is(RegistryError.SUBJECT_NOT_FOUND) || e.is(RegistryError.VERSION_NOT_FOUND)) {
                return CompatibilityResult.compatibleResult();
            }
            throw e;
        }
        final List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public List<String> getAllSubjects() {
        final List<String> subjects = new ArrayList<>();
        call("GET", "/subjects", null).forEach(subject -> subjects.add(subject.asText()));
        subjects.sort(null);
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> getAllVersions(final String subject) {
        final List<Integer> versions = new ArrayList<>();
        call("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public CompatibilityLevel getCompatibility(final String subject) {
        if (subject == null) {
            return levelOf(call("GET", "/config", null), "compatibilityLevel");
        }
        try {
            return levelOf(call("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null),
                    "compatibilityLevel");
        } catch (final SchemaRegistryException e) {
            // registries without defaultToGlobal answer 40408 (or 40401) when the subject has no level of its own
            if (e.is(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED) || e.is(RegistryError.SUBJECT_NOT_FOUND)) {
                return getCompatibility(null);
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel updateCompatibility(final String subject, final CompatibilityLevel level) {
        final ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        final String path = subject == null ? "/config" : "/config/" + encode(subject);
        return levelOf(call("PUT", path, body), "compatibility");
    }

    @Override
    public List<Integer> deleteSubject(final String subject) {
        final List<Integer> versions = new ArrayList<>();
        call("DELETE", "/subjects/" + encode(subject), null).forEach(v -> versions.add(v.asInt()));
        idsBySubject.remove(subject);
        lookupsBySubject.remove(subject);
        versionsBySubject.remove(subject);
        return List.copyOf(versions);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + description + "]";
    }

    // ---------------------------------------------------------------- answers

    private SchemaMetadata metadataOf(final String subject, final JsonNode answer) {
        final int id = requiredInt(answer, "id");
        return new SchemaMetadata(answer.path("subject").asText(subject), requiredInt(answer, "version"), id,
                schemaOf(answer, id));
    }

    private Schema schemaOf(final JsonNode answer, final int id) {
        final Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        final String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(description, RegistryError.INVALID_SCHEMA,
                    "Schema " + id + " is a " + type + " schema; only AVRO schemas are supported");
        }
        final JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed("no \"schema\" in the answer for schema " + id);
        }
        final Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (final SchemaParseException e) {
            throw new SchemaRegistryException(description, RegistryError.INVALID_SCHEMA,
                    "Schema " + id + " is not a valid Avro schema: " + e.getMessage());
        }
        final Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    private CompatibilityLevel levelOf(final JsonNode answer, final String field) {
        final String name = answer.path(field).asText(null);
        return CompatibilityLevel.parse(name)
                .orElseThrow(() -> malformed("unknown compatibility level " + name + " in field " + field));
    }

    private int requiredInt(final JsonNode answer, final String field) {
        final JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed("no integer \"" + field + "\" in the answer " + abbreviate(answer.toString()));
        }
        return value.intValue();
    }

    private SchemaRegistryException malformed(final String what) {
        return new SchemaRegistryException(description, 200, SchemaRegistryException.NO_CODE,
                "Unexpected answer: " + what);
    }

    private static ObjectNode schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static String encode(final String subject) {
        Objects.requireNonNull(subject, "subject");
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------- transport

    /** One API call with fail-over and retries; returns the JSON answer (NullNode when empty). */
    private JsonNode call(final String method, final String path, final JsonNode body) {
        final byte[] payload = body == null ? null : serialize(body);
        final int attempts = maxRetries + 1;
        IOException lastTransportError = null;
        SchemaRegistryException lastAnswer = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pause(attempt, method, path);
            }
            final int start = preferred.get();
            for (int i = 0; i < endpoints.size(); i++) {
                final int index = (start + i) % endpoints.size();
                final RegistryEndpoint endpoint = endpoints.get(index);
                final HttpResponse<byte[]> response;
                try {
                    response = http.send(request(endpoint, method, path, payload),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (final IOException e) {
                    LOG.debug("{} {} at {} failed (attempt {} of {}): {}", method, path, endpoint, attempt + 1,
                            attempts, describe(e));
                    lastTransportError = e;
                    continue;
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryUnavailableException(description,
                            "Interrupted while calling the schema registry at " + endpoint + " (" + method + " "
                                    + path + ")", e);
                }
                preferred.set(index);
                final int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(endpoint, response.body());
                }
                final SchemaRegistryException error = errorOf(endpoint, status, response.body());
                if (!error.isRetriable()) {
                    throw error;
                }
                LOG.debug("{} {} at {} answered {} (attempt {} of {})", method, path, endpoint, status,
                        attempt + 1, attempts);
                lastAnswer = error;
                lastTransportError = null;
            }
        }
        if (lastTransportError == null && lastAnswer != null) {
            throw lastAnswer;
        }
        throw new SchemaRegistryUnavailableException(description, "Schema registry unreachable at [" + description
                + "] after " + attempts + " attempt(s) of " + method + " " + path + ": "
                + describe(lastTransportError), lastTransportError);
    }

    private HttpRequest request(final RegistryEndpoint endpoint, final String method, final String path,
                                final byte[] payload) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(java.net.URI.create(endpoint.base() + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (payload == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        }
        if (endpoint.authorization() != null) {
            builder.header("Authorization", endpoint.authorization());
        }
        return builder.build();
    }

    private void pause(final int attempt, final String method, final String path) {
        final long wait = Math.min(retryMaxWaitMs, retryWaitMs << Math.min(attempt - 1, 30));
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(description,
                    "Interrupted while waiting to retry " + method + " " + path + " at [" + description + "]", e);
        }
    }

    private JsonNode parse(final RegistryEndpoint endpoint, final byte[] body) {
        if (body == null || body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (final IOException e) {
            throw new SchemaRegistryException(endpoint.base(), 200, SchemaRegistryException.NO_CODE,
                    "Unexpected answer, not JSON: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    private static SchemaRegistryException errorOf(final RegistryEndpoint endpoint, final int status,
                                                   final byte[] body) {
        final String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        try {
            final JsonNode json = JSON.readTree(text);
            if (json != null && json.isObject()) {
                final int code = json.path("error_code").asInt(status);
                final String message = json.path("message").asText("HTTP " + status);
                return new SchemaRegistryException(endpoint.base(), status, code, message);
            }
        } catch (final IOException e) {
            // not a Confluent error body: fall through and report the text
        }
        return new SchemaRegistryException(endpoint.base(), status, status,
                text.isEmpty() ? "HTTP " + status : abbreviate(text));
    }

    private static byte[] serialize(final JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    private static String abbreviate(final String text) {
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "...";
    }

    /** The cause chain in one line: HttpClient's ConnectException often has no message of its own. */
    private static String describe(final Throwable error) {
        if (error == null) {
            return "no answer";
        }
        final StringBuilder text = new StringBuilder();
        Throwable current = error;
        for (int depth = 0; current != null && depth < 4; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append(" caused by ");
            }
            text.append(current.getClass().getName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
        }
        return text.toString();
    }
}
