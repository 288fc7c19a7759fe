package io.flowgate.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flowgate.core.Json;
import io.flowgate.core.ValidationException;
import io.flowgate.engine.steps.StepTypes;
import io.flowgate.trigger.TriggerValidation;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Seeded property-based fuzzing of the workflow reader and validator (issue 15, point 3): random text, random
 * trees over the workflow vocabulary (as YAML and JSON), and random edits of a valid definition. Every document is
 * either read into a definition or refused with a {@link ValidationException} listing problems — never any other
 * exception, never a hang (each case has 10 s). The seeds are fixed so CI runs the same cases every time (1,000
 * per property, {@code src/test/resources/junit-platform.properties}); {@code -Djqwik.tries.default=N} runs a
 * longer search (docs/reliability.md#fuzzing).
 */
class WorkflowParserFuzzTest {
    static final Duration PER_CASE = Duration.ofSeconds(10);
    static final WorkflowParser PARSER = new WorkflowParser(StepTypes.discover(), TriggerValidation.all());
    static final YAMLMapper YAML = new YAMLMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static int accepted;
    static int refused;

    static final String VALID = """
            id: order-intake
            name: Order intake
            team: sales
            retention: P90D
            triggers:
              manual: {}
              webhook:
                path: orders/{region}
                methods: [POST]
                auth: bearer
                params:
                  - { name: order.id, in: body, type: string, required: true }
                condition: "body.CityName = 'Paris'"
                idempotency: { header: Idempotency-Key, ttl: PT24H }
              schedule:
                - cron: "0 9 * * MON-FRI"
                  timezone: Europe/Paris
              events:
                - type: com.example.order.created
                  filter: "data.amount > 100"
            steps:
              - id: total
                type: transform
                output: '{ "total": $sum(trigger.body.items.price) }'
              - id: notify
                type: http
                request: { method: POST, url: "https://example.org/orders", body: "{{ steps.total.outputs }}" }
                retry: { max: 3, backoff: PT2S }
                timeout: PT10S
                webhooks:
                  - name: Send
                    on: [completed]
                    url: https://hooks.example.org/flowgate
              - id: pause
                type: sleep
                duration: PT1S
                needs: [total]
                when: "steps.total.outputs.total > 1"
            """;

    static final List<String> KEYS = List.of("id", "name", "team", "description", "triggers", "steps", "webhooks",
            "retention", "manual", "webhook", "schedule", "events", "type", "output", "request", "method", "url",
            "body", "headers", "retry", "max", "backoff", "timeout", "needs", "when", "message", "duration", "until",
            "path", "methods", "auth", "params", "in", "required", "condition", "response", "mode", "idempotency",
            "cron", "timezone", "at", "filter", "event", "correlation", "workflow", "inputs", "wait", "on", "<<",
            "approvers", "status", "form", "rateLimit", "lookback", "onTimeout", "expect", "level", "scheme");
    static final List<String> WORDS = List.of("transform", "http", "log", "sleep", "wait-for-event", "approval",
            "respond", "emit-event", "run-workflow", "fail", "publish", "bearer", "basic", "hmac", "token", "none",
            "PT1S", "P30D", "-PT1S", "0 9 * * *", "* * * * * * *", "61 * * * *", "Europe/Paris", "Mars/Base",
            "{{ steps.a.outputs }}", "{{", "}}", "$sum(", "trigger.body", "a..b", "", " ", "\u0000", "é😀",
            "1e309", "-0", "true", "null", "~", "*", "&", "!!binary", "%TAG", "x".repeat(300));

    @Property(seed = "20261126", shrinking = ShrinkingMode.OFF)
    void random_text_is_read_or_refused_with_problems(@ForAll("texts") String text) {
        check(text, WorkflowParser.Format.YAML);
        check(text, WorkflowParser.Format.JSON);
    }

    @Property(seed = "20261127", shrinking = ShrinkingMode.OFF)
    void random_trees_are_read_or_refused_with_problems(@ForAll("trees") JsonNode tree) throws Exception {
        check(YAML.writeValueAsString(tree), WorkflowParser.Format.YAML);
        check(Json.write(tree), WorkflowParser.Format.JSON);
    }

    @Property(seed = "20261128", shrinking = ShrinkingMode.OFF)
    void edits_of_a_valid_definition_are_read_or_refused_with_problems(@ForAll("edits") String text) {
        check(text, WorkflowParser.Format.YAML);
    }

    static void check(String text, WorkflowParser.Format format) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                WorkflowDefinition d = PARSER.parse(text, format);
                assertThat(d.id()).isNotBlank();
                accepted++;
            } catch (ValidationException e) {
                assertThat(e.problems()).as("a refusal lists its problems").isNotEmpty();
                refused++;
            }
        }, () -> "parsing took longer than " + PER_CASE + ":\n" + text);
    }

    @AfterContainer
    static void report() {
        System.out.println("WorkflowParserFuzzTest: " + (accepted + refused) + " documents, " + accepted
                + " accepted, " + refused + " refused with problems, 0 other exceptions");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("{}[]:-,&*!|>'\"#%@`?\n \t0123456789abcxyz<.\\$")
                .ofMaxLength(200);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(100);
        Arbitrary<String> words = Arbitraries.of(KEYS).list().ofMaxSize(30).map(l -> String.join(": ", l));
        return Arbitraries.oneOf(chars, unicode, words);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            ObjectNode root = NODES.objectNode();
            if (r.nextInt(4) > 0) {
                root.put("id", r.nextInt(5) == 0 ? pick(r, WORDS) : "wf-" + r.nextInt(100));
            }
            int fields = r.nextInt(6);
            for (int i = 0; i < fields; i++) {
                root.set(pick(r, KEYS), value(r, 0));
            }
            if (r.nextBoolean()) {
                ArrayNode steps = root.putArray("steps");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    ObjectNode step = steps.addObject();
                    step.put("id", r.nextInt(6) == 0 ? pick(r, WORDS) : "s" + r.nextInt(4));
                    step.put("type", pick(r, WORDS));
                    int extra = r.nextInt(4);
                    for (int j = 0; j < extra; j++) {
                        step.set(pick(r, KEYS), value(r, 1));
                    }
                }
            }
            return root;
        });
    }

    @Provide
    Arbitrary<String> edits() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 8)).as((seed, n) -> {
            Random r = new Random(seed);
            StringBuilder text = new StringBuilder(VALID);
            for (int i = 0; i < n; i++) {
                int at = r.nextInt(text.length());
                switch (r.nextInt(4)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, pick(r, List.of(":", "-", " ", "\n", "{", "[", "&a", "*a", "'", "\"",
                            "#", "  ", "!!", "\t", "{{", "$")));
                    case 2 -> text.insert(at, pick(r, WORDS));
                    default -> {
                        int end = Math.min(text.length(), at + r.nextInt(40));
                        text.replace(at, end, pick(r, KEYS) + ": " + pick(r, WORDS));
                    }
                }
            }
            return text.toString();
        });
    }

    static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    static JsonNode value(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(5) : r.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.textNode(pick(r, WORDS));
            case 1 -> NODES.numberNode(r.nextInt(7) == 0 ? Long.MIN_VALUE : r.nextInt(2000) - 1000);
            case 2 -> NODES.booleanNode(r.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.textNode(pick(r, KEYS));
            case 5, 6 -> {
                ObjectNode o = NODES.objectNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(pick(r, KEYS), value(r, depth + 1));
                }
                yield o;
            }
            default -> {
                ArrayNode a = NODES.arrayNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth + 1));
                }
                yield a;
            }
        };
    }
}
