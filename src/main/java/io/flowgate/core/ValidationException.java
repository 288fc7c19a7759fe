package io.flowgate.core;

import java.util.List;
import java.util.Map;

/** A document was rejected whole; {@link #problems()} lists every reason, each with its path. */
public class ValidationException extends FlowgateException {
    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super("invalid_workflow", summary(problems), Map.of("problems", List.copyOf(problems)), null);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        return problems.size() == 1
                ? "The workflow is invalid: " + problems.getFirst().path() + ": " + problems.getFirst().message()
                : "The workflow is invalid: " + problems.size() + " problems";
    }
}
