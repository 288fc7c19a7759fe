package io.flowgate.engine.worker;

import io.flowgate.engine.Execution;
import io.flowgate.engine.Executions.ExecutionView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process listeners per execution id. Publishing costs nothing when nobody listens. */
final class ExecutionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEvents.class);
    private final Map<String, List<Consumer<ExecutionView>>> listeners = new ConcurrentHashMap<>();
    /** Listeners of every execution (the lists' live updates). */
    private final List<Consumer<Execution>> watchers = new CopyOnWriteArrayList<>();

    AutoCloseable watch(Consumer<Execution> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Tells the watchers of every execution; nothing to do when there are none. */
    void changed(Execution execution) {
        for (Consumer<Execution> w : watchers) {
            try {
                w.accept(execution);
            } catch (RuntimeException e) {
                LOG.warn("Execution watcher failed for {}", execution.id(), e);
            }
        }
    }

    AutoCloseable add(String executionId, Consumer<ExecutionView> listener) {
        listeners.computeIfAbsent(executionId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(executionId, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    boolean has(String executionId) {
        return listeners.containsKey(executionId);
    }

    /** Whether anyone watches every execution (the executions list stream). */
    boolean watched() {
        return !watchers.isEmpty();
    }

    /** The executions someone follows now. */
    java.util.Set<String> followed() {
        return java.util.Set.copyOf(listeners.keySet());
    }

    void publish(String executionId, Supplier<ExecutionView> view) {
        List<Consumer<ExecutionView>> list = listeners.get(executionId);
        if (list == null) {
            return;
        }
        ExecutionView v = view.get();
        for (Consumer<ExecutionView> l : list) {
            try {
                l.accept(v);
            } catch (RuntimeException e) {
                LOG.warn("Execution listener failed for {}", executionId, e);
            }
        }
    }
}
