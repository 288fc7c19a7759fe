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
 * deliveries queue in their lane. A lane with two rounds queued is reported as busy so the
 * worker stops claiming for it: a hanging endpoint holds only its own lane (at most three rounds).
 * When a busy lane's queue has drained to one round, {@code onRoom} asks the worker to claim more
 * before the lane runs dry (a claim waits for a commit).
 */
final class Lanes {
    private static final class Lane {
        int active;
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    }

    private final int perEndpoint;
    private final ExecutorService executor;
    private final Consumer<Delivery> send;
    private final Runnable onRoom;
    private final Map<String, Lane> lanes = new HashMap<>();

    Lanes(int perEndpoint, ExecutorService executor, Consumer<Delivery> send, Runnable onRoom) {
        this.perEndpoint = perEndpoint;
        this.executor = executor;
        this.send = send;
        this.onRoom = onRoom;
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
            boolean room;
            synchronized (this) {
                Lane lane = lanes.get(next.endpoint());
                next = lane.queue.poll();
                room = next != null && lane.queue.size() == perEndpoint;
                if (next == null && --lane.active == 0) {
                    lanes.remove(first.endpoint());
                }
            }
            if (room) {
                onRoom.run();
            }
        }
    }

    /** Endpoints whose lane has two full rounds of sends queued behind the running ones. */
    synchronized List<String> busy() {
        List<String> out = new ArrayList<>();
        lanes.forEach((endpoint, lane) -> {
            if (lane.queue.size() >= 2 * perEndpoint) {
                out.add(endpoint);
            }
        });
        return out;
    }
}
