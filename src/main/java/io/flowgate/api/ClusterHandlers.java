package io.flowgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.cluster.NodeView;
import io.flowgate.core.Json;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/cluster}: every node that ever joined this database, whether it is alive, and how many
 * executions, schedule timers and deliveries its current life holds; and the backlog, {@code queueDepth}, the
 * same count as the {@code flowgate_queue_depth} metric. Counts only, no team data, so a viewer key may read it.
 */
final class ClusterHandlers {
    static final String QUEUE_DEPTH = "flowgate_queue_depth";
    private final Supplier<List<NodeView>> nodes;
    private final MeterRegistry registry;

    /**
     * {@code nodes} null: a server without membership (API tests over fakes) lists no node; a registry without
     * the queue-depth gauge (no engine) leaves {@code queueDepth} out.
     */
    ClusterHandlers(Supplier<List<NodeView>> nodes, MeterRegistry registry) {
        this.nodes = nodes == null ? List::of : nodes;
        this.registry = registry;
    }

    void list(Context ctx) {
        ObjectNode answer = Json.object();
        Gauge depth = registry == null ? null : registry.find(QUEUE_DEPTH).gauge();
        if (depth != null) {
            answer.put("queueDepth", (long) depth.value()); // read now: the gauge counts in the store
        }
        ArrayNode items = answer.putArray("nodes");
        for (NodeView n : nodes.get()) {
            ObjectNode node = items.addObject();
            node.put("id", n.id());
            node.put("address", n.address());
            node.put("version", n.version());
            node.put("startedAt", WorkflowDocuments.iso(n.startedAt()));
            node.put("lastHeartbeat", WorkflowDocuments.iso(n.lastHeartbeat()));
            node.put("alive", n.alive());
            node.putObject("held").put("executions", n.held().executions()).put("timers", n.held().timers())
                    .put("deliveries", n.held().deliveries());
        }
        ctx.json(answer);
    }
}
