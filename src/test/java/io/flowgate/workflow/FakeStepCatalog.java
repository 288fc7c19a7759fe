package io.flowgate.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Knows the built-in type names and accepts any config, except that transform needs {@code output}. */
final class FakeStepCatalog implements StepCatalog {
    static final Set<String> BUILT_IN = Set.of("transform", "http", "log", "sleep", "wait-for-event", "approval",
            "respond", "emit-event", "run-workflow", "fail");

    @Override
    public Set<String> types() {
        return BUILT_IN;
    }

    @Override
    public Optional<List<Problem>> check(String type, String path, ObjectNode config) {
        if (!BUILT_IN.contains(type)) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        if (type.equals("transform") && !config.has("output")) {
            problems.add(Problem.at(path + ".output", "Is required"));
        }
        return Optional.of(problems);
    }
}
