package io.distill.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on loopback standing in for a schema registry: each request is recorded and answered
 * by the test's {@link Script}.
 */
final class FakeRegistryServer implements AutoCloseable {

    /** A recorded request. */
    record Request(String method, String rawPath, String query, String contentType, String authorization,
                   String body) {
    }

    /** An answer. */
    record Answer(int status, String body) {
        static Answer json(final int status, final String body) {
            return new Answer(status, body);
        }
    }

    /** How the server answers the n-th (0-based) request. */
    @FunctionalInterface
    interface Script {
        Answer answer(int index, Request request) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistryServer(final Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, script));
        server.start();
    }

    private void handle(final HttpExchange exchange, final Script script) throws IOException {
        try (exchange) {
            final Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            final int index;
            synchronized (requests) {
                index = requests.size();
                requests.add(request);
            }
            final Answer answer;
            try {
                answer = script.answer(index, request);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            final byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
