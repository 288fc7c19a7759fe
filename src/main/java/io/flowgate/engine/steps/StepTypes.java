package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.workflow.StepCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The registry of step types: built-ins and whatever {@link ServiceLoader} finds on the class path. */
public final class StepTypes implements StepCatalog {
    private final Map<String, StepType> byName;

    public StepTypes(Collection<StepType> types) {
        Map<String, StepType> map = new TreeMap<>();
        for (StepType t : types) {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new IllegalStateException("Two step types are named '" + t.name() + "'");
            }
        }
        this.byName = Map.copyOf(map);
    }

    /** Every {@link StepType} registered through {@code META-INF/services}, built-ins included. */
    public static StepTypes discover() {
        return new StepTypes(ServiceLoader.load(StepType.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public Optional<StepType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public StepType get(String name) {
        StepType t = byName.get(name);
        if (t == null) {
            throw new IllegalStateException("Step type '" + name + "' is not registered");
        }
        return t;
    }

    @Override
    public Set<String> types() {
        return new java.util.TreeSet<>(byName.keySet());
    }

    @Override
    public Optional<List<Problem>> check(String type, String path, ObjectNode config) {
        return find(type).map(t -> t.validate(path, config));
    }
}
