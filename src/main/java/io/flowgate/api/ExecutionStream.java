package io.flowgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import io.flowgate.auth.Principal;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import io.flowgate.core.Json;
import io.flowgate.engine.Execution;
import io.flowgate.engine.ExecutionStatus;
import io.flowgate.engine.Executions;
import io.flowgate.engine.Executions.ExecutionView;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/executions/{id}/stream}: Server-Sent Events. Sends {@code event: status} with the
 * current status document first, then one per change, and closes after a terminal status. A comment
 * line every {@code heartbeat} keeps proxies and idle timeouts from closing a quiet stream.
 *
 * <p>The handler holds its (virtual) thread for the life of the stream and writes straight to the
 * response, so each event is flushed to the client as it happens.
 */
final class ExecutionStream {
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionStream.class);

    private final Executions executions;
    private final ExecutionHandlers lookup;
    private final StatusDocuments docs;
    private final Duration heartbeat;
    /** Queues of the open streams, so that {@link #closeAll()} can end them when the server stops. */
    private final Set<BlockingQueue<ExecutionView>> open = ConcurrentHashMap.newKeySet();
    /** Put on a stream's queue to end it; compared by identity. */
    private static final ExecutionView CLOSE = new ExecutionView(null, List.of());

    ExecutionStream(Executions executions, ExecutionHandlers lookup, StatusDocuments docs, Duration heartbeat) {
        this.executions = executions;
        this.lookup = lookup;
        this.docs = docs;
        this.heartbeat = heartbeat;
    }

    void stream(Context ctx) throws Exception {
        ExecutionView first = lookup.view(ctx);
        String id = first.execution().id();
        BlockingQueue<ExecutionView> changes = new LinkedBlockingQueue<>();
        HttpServletResponse res = eventStream(ctx);
        open.add(changes);
        try (AutoCloseable subscription = executions.subscribe(id, changes::add)) {
            OutputStream out = res.getOutputStream();
            // Read again after subscribing: a change between the first read and the subscription is not lost.
            ExecutionView current = executions.get(id).orElse(first);
            send(out, current);
            while (!current.execution().status().terminal()) {
                ExecutionView next = changes.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    write(out, ": heartbeat\n\n");
                    continue;
                }
                if (next == CLOSE) {
                    return;
                }
                current = next;
                send(out, current);
            }
        } catch (IOException e) {
            LOG.debug("Status stream of {} closed by the client: {}", id, e.getMessage());
        } finally {
            open.remove(changes);
        }
    }

    /**
     * {@code GET /api/v1/executions/stream}: one {@code event: execution} with {@code {id, workflowId, team,
     * status}} per execution started or changed on any node whose team the caller may see, at most one per
     * distinct status of an execution (step changes inside one status are not sent). Never ends by itself.
     * Other nodes' changes come through the engine's signals (LISTEN/NOTIFY); one whose notification was
     * lost is not pushed, so clients still re-read their list now and then.
     */
    void all(Context ctx) throws Exception {
        Principal caller = Access.principal(ctx);
        BlockingQueue<ExecutionView> changes = new LinkedBlockingQueue<>();
        HttpServletResponse res = eventStream(ctx);
        open.add(changes);
        // Last status sent per execution, the most recent ones: repeats of a status are not sent again.
        Cache<String, ExecutionStatus> sent = Caches.bounded(CacheSettings.DEFAULT_STREAM_SENT_STATUSES);
        try (AutoCloseable watch = executions.watch(e -> {
            if (caller.canSee(e.team())) {
                changes.add(new ExecutionView(e, List.of()));
            }
        })) {
            OutputStream out = res.getOutputStream();
            // Tells the client the stream is open (it may stop polling now).
            write(out, "event: open\ndata: {}\n\n");
            while (true) {
                ExecutionView next = changes.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    write(out, ": heartbeat\n\n");
                    continue;
                }
                if (next == CLOSE) {
                    return;
                }
                Execution e = next.execution();
                if (sent.asMap().put(e.id(), e.status()) == e.status()) {
                    continue;
                }
                ObjectNode data = Json.object();
                data.put("id", e.id());
                data.put("workflowId", e.workflowId());
                data.put("team", e.team());
                data.put("status", e.status().wire());
                write(out, "event: execution\ndata: " + Json.write(data) + "\n\n");
            }
        } catch (IOException e) {
            LOG.debug("Executions stream closed by the client: {}", e.getMessage());
        } finally {
            open.remove(changes);
        }
    }

    /** Starts a {@code text/event-stream} answer, unbuffered by proxies. */
    private static HttpServletResponse eventStream(Context ctx) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        return res;
    }

    /** Ends every open stream (server shutdown): their handlers return instead of waiting for a change. */
    void closeAll() {
        open.forEach(q -> q.add(CLOSE));
    }

    int openStreams() {
        return open.size();
    }

    private void send(OutputStream out, ExecutionView view) throws IOException {
        write(out, "event: status\ndata: " + Json.write(docs.full(view)) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
