package io.flowgate.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code needs} and rejects cycles. As docs/workflows.md#order-and-parallelism says, steps run in
 * the order listed, and a step that declares {@code needs} runs when those have finished. So a step without
 * {@code needs} waits for the step listed before it (the first step for nothing), and a step with
 * {@code needs} — even {@code needs: []} — waits for exactly those; that is how parallel branches are
 * written.
 */
final class StepGraph {

    /** One step as written: {@code needs} is null when the field is absent. */
    record Node(String id, List<String> needs, String path) {}

    private StepGraph() {}

    /** The resolved {@code needs} of each step, in order. Unknown or self references become problems. */
    static List<List<String>> resolve(List<Node> nodes, Problems problems) {
        Set<String> ids = new LinkedHashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        List<List<String>> resolved = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.needs() == null) {
                resolved.add(i == 0 ? List.of() : List.of(nodes.get(i - 1).id()));
                continue;
            }
            List<String> needs = new ArrayList<>();
            for (int k = 0; k < node.needs().size(); k++) {
                String need = node.needs().get(k);
                String path = Problems.at(Problems.at(node.path(), "needs"), k);
                if (need.equals(node.id())) {
                    problems.add(path, "A step cannot need itself");
                } else if (!ids.contains(need)) {
                    problems.add(path, "No step has the id '" + need + "'; steps are: " + String.join(", ", ids));
                } else if (!needs.contains(need)) {
                    needs.add(need);
                }
            }
            resolved.add(List.copyOf(needs));
        }
        reportCycles(nodes, resolved, problems);
        return resolved;
    }

    private static void reportCycles(List<Node> nodes, List<List<String>> needs, Problems problems) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.putIfAbsent(nodes.get(i).id(), i);
        }
        int[] state = new int[nodes.size()]; // 0 new, 1 on the current path, 2 done
        for (int i = 0; i < nodes.size(); i++) {
            if (state[i] == 0) {
                visit(i, nodes, needs, index, state, new ArrayList<>(), problems);
            }
        }
    }

    private static void visit(int i, List<Node> nodes, List<List<String>> needs, Map<String, Integer> index,
            int[] state, List<Integer> path, Problems problems) {
        state[i] = 1;
        path.add(i);
        for (String need : needs.get(i)) {
            int j = index.get(need);
            if (state[j] == 1) {
                List<Integer> cycle = path.subList(path.indexOf(j), path.size());
                StringBuilder text = new StringBuilder();
                for (int c : cycle) {
                    text.append(nodes.get(c).id()).append(" -> ");
                }
                text.append(nodes.get(j).id());
                problems.add(Problems.at(nodes.get(j).path(), "needs"),
                        "Steps need each other in a cycle (each needs the next): " + text);
            } else if (state[j] == 0) {
                visit(j, nodes, needs, index, state, path, problems);
            }
        }
        path.removeLast();
        state[i] = 2;
    }
}
