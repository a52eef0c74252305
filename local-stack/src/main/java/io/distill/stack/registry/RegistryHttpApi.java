package io.distill.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.CompatibilityResult;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.SchemaMetadata;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.registry.SubjectVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over an {@link InMemorySchemaRegistry}: the subset common clients
 * (Confluent's serializers, kcat, Go and Node clients, curl) call. Answers are
 * {@code application/vnd.schemaregistry.v1+json}; errors are Confluent's bodies
 * ({@code {"error_code": 40401, "message": "Subject 'x' not found."}}) with Confluent's statuses.
 */
final class RegistryHttpApi implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of("application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
    private static final String LEVELS = "none, backward, forward, full, backward_transitive, forward_transitive, "
            + "and full_transitive";

    private final InMemorySchemaRegistry registry;

    RegistryHttpApi(final InMemorySchemaRegistry registry) {
        this.registry = registry;
    }

    /** An answer: a status and a JSON body. */
    private record Response(int status, byte[] body) {
        static Response ok(final Object value) {
            return new Response(200, json(value));
        }

        static Response error(final int status, final int code, final String message) {
            return new Response(status, json(JSON.createObjectNode().put("error_code", code).put("message", message)));
        }
    }

    /** An HTTP-level failure (bad route, method, media type or body), outside Confluent's registry codes. */
    private static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final int code;

        HttpError(final int status, final int code, final String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** A parsed request. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        boolean flag(final String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }

        String segment(final int index) {
            return path.get(index);
        }
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(parse(exchange));
            } catch (final SchemaRegistryException e) {
                final int status = e.httpStatus() > 0 ? e.httpStatus() : 500;
                if (status >= 500) {
                    LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
                }
                response = Response.error(status, e.errorCode() > 0 ? e.errorCode() : status, e.registryMessage());
            } catch (final HttpError e) {
                response = Response.error(e.status, e.code, e.getMessage());
            } catch (final RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = Response.error(500, 500, "Internal Server Error: " + e);
            }
            LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    // ---------------------------------------------------------------- routing

    private Response route(final Request r) {
        final List<String> p = r.path();
        if (p.isEmpty()) {
            return on(r, "GET", () -> Response.ok(JSON.createObjectNode()));
        }
        return switch (p.get(0)) {
            case "subjects" -> subjects(r);
            case "schemas" -> schemas(r);
            case "compatibility" -> compatibility(r);
            case "config" -> config(r);
            case "mode" -> p.size() <= 2 ? on(r, "GET", () -> Response.ok(JSON.createObjectNode()
                    .put("mode", "READWRITE"))) : notFound();
            default -> notFound();
        };
    }

    private Response subjects(final Request r) {
        final List<String> p = r.path();
        if (p.size() == 1) {
            return on(r, "GET", () -> Response.ok(registry.getAllSubjects(r.flag("deleted"))));
        }
        final String subject = r.segment(1);
        if (p.size() == 2) {
            return switch (r.method()) {
                case "POST" -> {
                    final Schema schema = schemaFromBody(r);
                    yield Response.ok(metadata(registry.lookUpSchema(subject, schema, r.flag("deleted"))));
                }
                case "DELETE" -> Response.ok(registry.deleteSubject(subject, r.flag("permanent")));
                default -> methodNotAllowed();
            };
        }
        if (!"versions".equals(p.get(2))) {
            return notFound();
        }
        if (p.size() == 3) {
            return switch (r.method()) {
                case "GET" -> Response.ok(registry.getAllVersions(subject, r.flag("deleted")));
                case "POST" -> {
                    final Schema schema = schemaFromBody(r);
                    yield Response.ok(JSON.createObjectNode().put("id", registry.register(subject, schema)));
                }
                default -> methodNotAllowed();
            };
        }
        final int version = version(r.segment(3));
        if (p.size() == 4) {
            return switch (r.method()) {
                case "GET" -> Response.ok(metadata(registry.getSchemaMetadata(subject, version, r.flag("deleted"))));
                case "DELETE" -> Response.ok(registry.deleteSchemaVersion(subject, version, r.flag("permanent")));
                default -> methodNotAllowed();
            };
        }
        if (p.size() == 5 && "schema".equals(p.get(4))) {
            return on(r, "GET", () -> new Response(200, registry.getSchemaMetadata(subject, version,
                    r.flag("deleted")).schema().toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (p.size() == 5 && "referencedby".equals(p.get(4))) {
            return on(r, "GET", () -> {
                registry.getSchemaMetadata(subject, version, r.flag("deleted"));
                return Response.ok(List.of());
            });
        }
        return notFound();
    }

    private Response schemas(final Request r) {
        final List<String> p = r.path();
        if (p.size() == 2 && "types".equals(p.get(1))) {
            return on(r, "GET", () -> Response.ok(List.of("AVRO")));
        }
        if (p.size() < 3 || p.size() > 4 || !"ids".equals(p.get(1))) {
            return notFound();
        }
        final int id = id(r.segment(2));
        if (p.size() == 3) {
            return on(r, "GET", () -> Response.ok(JSON.createObjectNode()
                    .put("schema", registry.getSchemaById(id).toString())));
        }
        return switch (p.get(3)) {
            case "schema" -> on(r, "GET", () -> new Response(200,
                    registry.getSchemaById(id).toString().getBytes(StandardCharsets.UTF_8)));
            case "versions" -> on(r, "GET", () -> {
                final ArrayNode versions = JSON.createArrayNode();
                for (final SubjectVersion sv : registry.getSubjectVersionsById(id)) {
                    versions.add(JSON.createObjectNode().put("subject", sv.subject()).put("version", sv.version()));
                }
                return Response.ok(versions);
            });
            case "subjects" -> on(r, "GET", () -> Response.ok(registry.getSubjectVersionsById(id).stream()
                    .map(SubjectVersion::subject).distinct().toList()));
            default -> notFound();
        };
    }

    private Response compatibility(final Request r) {
        final List<String> p = r.path();
        if (p.size() < 4 || p.size() > 5 || !"subjects".equals(p.get(1)) || !"versions".equals(p.get(3))) {
            return notFound();
        }
        final String subject = r.segment(2);
        return on(r, "POST", () -> {
            final Schema schema = schemaFromBody(r);
            final CompatibilityResult result = p.size() == 5
                    ? registry.testCompatibility(subject, schema, version(r.segment(4)))
                    : registry.testCompatibilityWithAllVersions(subject, schema);
            final ObjectNode body = JSON.createObjectNode().put("is_compatible", result.compatible());
            if (r.flag("verbose")) {
                final ArrayNode messages = body.putArray("messages");
                result.messages().forEach(messages::add);
            }
            return Response.ok(body);
        });
    }

    private Response config(final Request r) {
        final List<String> p = r.path();
        if (p.size() == 1) {
            return switch (r.method()) {
                case "GET" -> Response.ok(level("compatibilityLevel", registry.getCompatibility(null)));
                case "PUT" -> Response.ok(level("compatibility",
                        registry.updateCompatibility(null, levelFromBody(r))));
                default -> methodNotAllowed();
            };
        }
        if (p.size() != 2) {
            return notFound();
        }
        final String subject = r.segment(1);
        return switch (r.method()) {
            case "GET" -> {
                final Optional<CompatibilityLevel> own = registry.getSubjectCompatibility(subject);
                if (own.isEmpty() && !r.flag("defaultToGlobal")) {
                    throw new SchemaRegistryException(registry.name(), RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                yield Response.ok(level("compatibilityLevel", own.orElseGet(() -> registry.getCompatibility(null))));
            }
            case "PUT" -> Response.ok(level("compatibility", registry.updateCompatibility(subject, levelFromBody(r))));
            case "DELETE" -> Response.ok(level("compatibilityLevel", registry.deleteSubjectCompatibility(subject)));
            default -> methodNotAllowed();
        };
    }

    // ---------------------------------------------------------------- request parts

    private Schema schemaFromBody(final Request r) {
        final JsonNode body = jsonBody(r);
        final String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(registry.name(), RegistryError.INVALID_SCHEMA,
                    "Unsupported schema type '" + type + "': this registry stores AVRO schemas only");
        }
        final JsonNode references = body.get("references");
        if (references != null && !references.isNull() && !references.isEmpty()) {
            throw new SchemaRegistryException(registry.name(), RegistryError.INVALID_SCHEMA,
                    "Schema references are not supported by this registry");
        }
        final JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(registry.name(), RegistryError.INVALID_SCHEMA,
                    "Empty schema: the request body needs a \"schema\" string");
        }
        return registry.parseSchema(schema.asText());
    }

    private CompatibilityLevel levelFromBody(final Request r) {
        final String name = jsonBody(r).path("compatibility").asText(null);
        return CompatibilityLevel.parse(name).orElseThrow(() -> new SchemaRegistryException(registry.name(),
                RegistryError.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level. Valid values are " + LEVELS));
    }

    private static JsonNode jsonBody(final Request r) {
        final String contentType = r.exchange().getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            final String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!ACCEPTED_BODY_TYPES.contains(mediaType)) {
                throw new HttpError(415, 415, "HTTP 415 Unsupported Media Type: " + mediaType);
            }
        }
        final byte[] bytes;
        try {
            bytes = r.exchange().getRequestBody().readAllBytes();
        } catch (final IOException e) {
            throw new HttpError(400, 400, "Cannot read the request body: " + e.getMessage());
        }
        try {
            final JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new HttpError(400, 400, "The request body must be a JSON object");
            }
            return body;
        } catch (final IOException e) {
            throw new HttpError(400, 400, "Unparseable JSON request body: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private int version(final String text) {
        if ("latest".equals(text)) {
            return InMemorySchemaRegistry.LATEST_VERSION;
        }
        try {
            final int version = Integer.parseInt(text);
            if (version == InMemorySchemaRegistry.LATEST_VERSION || version >= 1) {
                return version;
            }
        } catch (final NumberFormatException e) {
            // falls through to the error below
        }
        throw new SchemaRegistryException(registry.name(), RegistryError.INVALID_VERSION, "The specified version '"
                + text + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int id(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new HttpError(404, 404, "HTTP 404 Not Found");
        }
    }

    private static ObjectNode metadata(final SchemaMetadata metadata) {
        return JSON.createObjectNode().put("subject", metadata.subject()).put("version", metadata.version())
                .put("id", metadata.id()).put("schema", metadata.schema().toString());
    }

    private static ObjectNode level(final String field, final CompatibilityLevel level) {
        return JSON.createObjectNode().put(field, level.name());
    }

    private static Response on(final Request r, final String method, final Supplier<Response> handler) {
        if (!method.equals(r.method())) {
            return methodNotAllowed();
        }
        return handler.get();
    }

    private static Response notFound() {
        throw new HttpError(404, 404, "HTTP 404 Not Found");
    }

    private static Response methodNotAllowed() {
        throw new HttpError(405, 405, "HTTP 405 Method Not Allowed");
    }

    // ---------------------------------------------------------------- parsing

    private static Request parse(final HttpExchange exchange) {
        final List<String> path = new ArrayList<>();
        for (final String segment : exchange.getRequestURI().getRawPath().split("/")) {
            if (!segment.isEmpty()) {
                path.add(percentDecode(segment));
            }
        }
        final Map<String, String> query = new HashMap<>();
        final String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (final String pair : rawQuery.split("&")) {
                final int eq = pair.indexOf('=');
                final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                final String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            }
        }
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), List.copyOf(path), Map.copyOf(query),
                exchange);
    }

    /** Percent-decoding of a path segment, where '+' is a plus, not a space. */
    private static String percentDecode(final String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            final int percent = segment.indexOf('%', i);
            final int runEnd = percent < 0 ? segment.length() : percent;
            final byte[] run = segment.substring(i, runEnd).getBytes(StandardCharsets.UTF_8);
            out.write(run, 0, run.length);
            if (percent < 0) {
                break;
            }
            final int hi = percent + 2 < segment.length() ? Character.digit(segment.charAt(percent + 1), 16) : -1;
            final int lo = percent + 2 < segment.length() ? Character.digit(segment.charAt(percent + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new HttpError(400, 400, "Bad percent-encoding in path segment " + segment);
            }
            out.write(hi << 4 | lo);
            i = percent + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] json(final Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot serialize an answer", e);
        }
    }
}
