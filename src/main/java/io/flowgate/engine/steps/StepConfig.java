package io.flowgate.engine.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.Problem;
import io.flowgate.expr.Expression;
import io.flowgate.expr.ExpressionException;
import io.flowgate.expr.Template;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Small helpers step types use to check their fields and collect problems with paths. */
public final class StepConfig {
    private final String path;
    private final ObjectNode config;
    private final List<Problem> problems = new ArrayList<>();

    public StepConfig(String path, ObjectNode config) {
        this.path = path;
        this.config = config;
    }

    public List<Problem> problems() {
        return problems;
    }

    public void problem(String field, String message) {
        problems.add(Problem.at(path + "." + field, message));
    }

    /** Reports every field not in {@code allowed}. */
    public StepConfig onlyFields(Set<String> allowed) {
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problem(f, "unknown field; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return this;
    }

    public JsonNode field(String name) {
        return config.get(name);
    }

    public StepConfig requireText(String field) {
        JsonNode n = config.get(field);
        if (n == null || n.isNull()) {
            problem(field, "is required");
        } else if (!n.isTextual()) {
            problem(field, "must be a string");
        }
        return this;
    }

    /** A present field must be a JSONata expression that compiles. */
    public StepConfig expression(String field) {
        JsonNode n = config.get(field);
        if (n != null && n.isTextual()) {
            try {
                Expression.compile(n.asText());
            } catch (ExpressionException e) {
                problem(field, e.getMessage());
            }
        } else if (n != null && !n.isNull()) {
            problem(field, "must be a JSONata expression (a string)");
        }
        return this;
    }

    /** Every string inside a present field must be a template whose {{ }} parts compile. */
    public StepConfig templates(String field) {
        JsonNode n = config.get(field);
        if (n != null) {
            checkTemplates(path + "." + field, n);
        }
        return this;
    }

    private void checkTemplates(String at, JsonNode n) {
        if (n.isTextual()) {
            try {
                Template.parse(n.asText());
            } catch (ExpressionException e) {
                problems.add(Problem.at(at, e.getMessage()));
            }
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> checkTemplates(at + "." + e.getKey(), e.getValue()));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                checkTemplates(at + "[" + i + "]", n.get(i));
            }
        }
    }
}
