package io.flowgate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A stand-in for the Flowgate API: canned answers per "METHOD /path", every request recorded. */
final class FakeServer implements AutoCloseable {
    record Request(String method, String path, String query, String authorization, String contentType, String body) {}

    record Answer(int status, String contentType, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeServer on(String methodAndPath, int status, String json) {
        return on(methodAndPath, r -> Answer.json(status, json));
    }

    FakeServer on(String methodAndPath, Function<Request, Answer> answer) {
        routes.put(methodAndPath, answer);
        return this;
    }

    /** An SSE stream sending each document as {@code event: status}, then closing. */
    static Answer sse(String... docs) {
        StringBuilder sb = new StringBuilder(": connected\n\n");
        for (String doc : docs) {
            sb.append("event: status\ndata: ").append(doc).append("\n\n");
        }
        return new Answer(200, "text/event-stream", sb.toString());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body);
        requests.add(request);
        Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
        Answer answer = route != null ? route.apply(request)
                : Answer.json(404, "{\"code\":\"route_not_found\",\"msg\":\"No such route.\"}");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
        if (answer.status() != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
