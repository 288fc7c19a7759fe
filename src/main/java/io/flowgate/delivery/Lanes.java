package io.flowgate.delivery;

import io.flowgate.store.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One lane per endpoint, at most {@code perEndpoint} sends running in each; extra claimed
 * deliveries queue in their lane. A full lane is reported as busy so the worker stops claiming
 * for it: a hanging endpoint holds only its own lane.
 */
final class Lanes {
    private static final class Lane {
        int active;
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    }

    private final int perEndpoint;
    private final ExecutorService executor;
    private final Consumer<Delivery> send;
    private final Map<String, Lane> lanes = new HashMap<>();

    Lanes(int perEndpoint, ExecutorService executor, Consumer<Delivery> send) {
        this.perEndpoint = perEndpoint;
        this.executor = executor;
        this.send = send;
    }

    void submit(Delivery d) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(d.endpoint(), k -> new Lane());
            if (lane.active >= perEndpoint) {
                lane.queue.add(d);
                return;
            }
            lane.active++;
        }
        executor.execute(() -> drain(d));
    }

    /** Sends {@code first}, then whatever queued behind it in the same lane. */
    private void drain(Delivery first) {
        Delivery next = first;
        while (next != null) {
            send.accept(next);
            synchronized (this) {
                Lane lane = lanes.get(next.endpoint());
                next = lane.queue.poll();
                if (next == null && --lane.active == 0) {
                    lanes.remove(first.endpoint());
                }
            }
        }
    }

    /** Endpoints whose lane is full. */
    synchronized List<String> busy() {
        List<String> out = new ArrayList<>();
        lanes.forEach((endpoint, lane) -> {
            if (lane.active >= perEndpoint) {
                out.add(endpoint);
            }
        });
        return out;
    }
}
