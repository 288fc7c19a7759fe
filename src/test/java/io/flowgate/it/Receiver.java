package io.flowgate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP peer on a loopback port for outbound calls: records every request and answers
 * with whatever the test's responder decides (status, body, or a delay).
 */
public final class Receiver implements AutoCloseable {
    /** {@code atMillis}: wall-clock epoch millis when the request arrived (comparable with the servers' stored times). */
    public record Call(String method, String path, Map<String, List<String>> headers, String body, long atMillis) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    public record Answer(int status, String body, long delayMillis) {
        public static Answer ok(String json) {
            return new Answer(200, json, 0);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Function<Call, Answer> responder = c -> Answer.ok("{\"ok\":true}");
    private volatile boolean closeConnections;

    public Receiver() throws IOException {
        this(0);
    }

    /** A receiver on a given port (an endpoint that was down and comes back on its old address). */
    public Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Answers with {@code Connection: close}, so callers never reuse a connection: a kept-alive connection the
     * server drops while the caller sends on it fails that call ("received no bytes"), which a test counting
     * calls must not mistake for the system's fault.
     */
    public Receiver closingConnections() {
        this.closeConnections = true;
        return this;
    }

    public Receiver answer(Function<Call, Answer> f) {
        this.responder = f;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                body, System.currentTimeMillis());
        calls.add(call);
        Answer a = responder.apply(call);
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis()); // the peer is slow on purpose; this is the peer, not the test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (closeConnections) {
            ex.getResponseHeaders().add("Connection", "close");
        }
        try {
            ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        } catch (IOException ignored) {
            // the caller gave up (timeout); nothing to answer
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
