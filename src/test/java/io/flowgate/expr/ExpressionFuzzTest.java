package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Seeded property-based fuzzing of the expression and template evaluator (issue 15, point 3): random JSONata
 * programs from a grammar (paths over a data-pill context, operators, built-ins including the ones that build large
 * values, ranges, lambdas, recursion, blocks) and random text, compiled and evaluated under the default
 * {@link ExpressionLimits}. Every case ends in a value or an {@link ExpressionException} — never another exception
 * (no stack overflow, no out-of-memory, nothing from the library leaking through), never a hang (each case has
 * 15 s; the limits stop one in 2 s). Fixed seeds, 1,000 cases per property in the suite;
 * {@code -Djqwik.tries.default=N} runs a longer search (docs/reliability.md#fuzzing).
 */
class ExpressionFuzzTest {
    static final Duration PER_CASE = Duration.ofSeconds(15);
    static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-26T12:00:00Z"));
    static final JsonNode CONTEXT = Json.read("""
            {"trigger": {"type": "webhook", "body": {"items": [{"price": 2.5, "qty": 2, "sku": "a"},
              {"price": 5, "qty": 1, "sku": "b"}], "name": "ada", "n": 3, "tags": ["x", null, 1], "deep": {"a": {"b":
              {"c": [1, [2, [3]]]}}}, "empty": {}, "nil": null}, "headers": {"content-type": "application/json"},
              "raw": "{\\"n\\": 3}"}, "inputs": {"k": "v", "list": [3, 1, 2]},
             "steps": {"t": {"status": "completed", "outputs": {"total": 10}}},
             "execution": {"id": "e1"}, "workflow": {"id": "wf", "revision": 1}, "secrets": {"S": "***"}}
            """);
    static int values;
    static int refused;

    static final List<String> PATHS = List.of("trigger.body.items", "trigger.body.items.price", "trigger.body.name",
            "trigger.body.n", "trigger.body.tags", "trigger.body.deep.a.b.c", "trigger.body.empty", "trigger.body.nil",
            "trigger.raw", "inputs", "inputs.list", "inputs.k", "steps.t.outputs.total", "execution.id", "$", "$$",
            "missing.path", "trigger.body.items[0]", "trigger.body.items[price > 2]", "trigger.body.**",
            "trigger.body.items{sku: price}", "trigger.body.items^(>price)", "trigger.body.items#$i",
            "$x", "$f", "secrets.S");
    static final List<String> LITERALS = List.of("0", "1", "-1", "3.5", "1e308", "-1e308", "1000000", "2000000000",
            "'a'", "''", "'héllo 😀'", "true", "false", "null", "[]", "{}", "[1, 2, 3]", "{'a': 1}", "/a.*/",
            "/(a+)+$/", "'x'", "'{{ }}'");
    static final List<String> BINARY = List.of("+", "-", "*", "/", "%", "&", "=", "!=", "<", "<=", ">", ">=", "and",
            "or", "in", "..");
    static final List<String> FUNCTIONS = List.of("$sum", "$count", "$max", "$min", "$average", "$string", "$length",
            "$substring", "$substringBefore", "$uppercase", "$lowercase", "$trim", "$pad", "$contains", "$split",
            "$join", "$match", "$replace", "$number", "$abs", "$floor", "$ceil", "$round", "$power", "$sqrt",
            "$random", "$formatNumber", "$formatBase", "$formatInteger", "$parseInteger", "$boolean", "$not",
            "$exists", "$keys", "$lookup", "$spread", "$merge", "$sift", "$each", "$error", "$assert", "$type",
            "$append", "$sort", "$reverse", "$shuffle", "$distinct", "$zip", "$map", "$filter", "$single", "$reduce",
            "$now", "$millis", "$fromMillis", "$toMillis", "$base64encode", "$base64decode", "$encodeUrl",
            "$decodeUrl", "$eval", "$clone");

    @Property(seed = "20261126", shrinking = ShrinkingMode.OFF)
    void generated_programs_end_in_a_value_or_an_expression_error(@ForAll("programs") String program) {
        evaluate(program);
    }

    @Property(seed = "20261127", shrinking = ShrinkingMode.OFF)
    void random_text_ends_in_a_value_or_an_expression_error(@ForAll("texts") String text) {
        evaluate(text);
    }

    @Property(seed = "20261128", shrinking = ShrinkingMode.OFF)
    void templates_end_in_a_value_or_an_expression_error(@ForAll("templates") String text) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                Template.parse(text).render(CONTEXT, CLOCK);
                values++;
            } catch (ExpressionException e) {
                refused++;
            }
        }, () -> "rendering took longer than " + PER_CASE + ": " + text);
    }

    static void evaluate(String program) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                JsonNode result = Expression.compile(program).evaluate(CONTEXT, CLOCK);
                if (result != null) {
                    assertThat(result.toString().length()).isLessThanOrEqualTo(64 * ExpressionLimits.DEFAULT_MAX_CHARS);
                }
                values++;
            } catch (ExpressionException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }, () -> "evaluation took longer than " + PER_CASE + ": " + program);
    }

    @AfterContainer
    static void report() {
        System.out.println("ExpressionFuzzTest: " + (values + refused) + " cases, " + values + " values, " + refused
                + " expression errors, 0 other exceptions");
    }

    @Provide
    Arbitrary<String> programs() {
        return Arbitraries.longs().map(seed -> expr(new Random(seed), 0));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("$()[]{}.,:;=<>!?&*/%+-'\"`@#^~|\\ 0123456789abcfnx\n").ofMaxLength(80),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> templates() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder t = new StringBuilder();
            int parts = r.nextInt(4);
            for (int i = 0; i < parts; i++) {
                t.append(pick(r, List.of("text ", "", "{", "}", "{{", "}}", "😀", "\\{{")));
                if (r.nextBoolean()) {
                    t.append("{{ ").append(expr(r, 1)).append(" }}");
                }
            }
            return t.toString();
        });
    }

    static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** A random program, smaller the deeper it is. */
    static String expr(Random r, int depth) {
        int kind = depth >= 4 ? r.nextInt(2) : r.nextInt(11);
        return switch (kind) {
            case 0 -> pick(r, PATHS);
            case 1 -> pick(r, LITERALS);
            case 2, 3 -> "(" + expr(r, depth + 1) + " " + pick(r, BINARY) + " " + expr(r, depth + 1) + ")";
            case 4, 5 -> call(r, depth);
            case 6 -> "[" + expr(r, depth + 1) + ", " + expr(r, depth + 1) + "]";
            case 7 -> "(" + expr(r, depth + 1) + " ? " + expr(r, depth + 1) + " : " + expr(r, depth + 1) + ")";
            case 8 -> "($x := " + expr(r, depth + 1) + "; " + expr(r, depth + 1) + ")";
            case 9 -> "{" + "'k': " + expr(r, depth + 1) + "}";
            default -> switch (r.nextInt(6)) {
                // The shapes that hurt: recursion, wide ranges, large strings.
                case 0 -> "($f := function($n){ $n > 0 ? $f($n - 1) + 1 : 0 }; $f(" + pick(r, LITERALS) + "))";
                // Endless (tail calls run without depth): only the step or time limit ends it, so it is kept rare.
                case 1 -> r.nextInt(8) == 0 ? "($f := function($n){ $f($n + 1) }; $f(1))" : pick(r, PATHS);
                case 2 -> "[1.." + pick(r, List.of("10", "1000", "100000", "10000000", "1e7", "-5")) + "]."
                        + "($ * 2)";
                case 3 -> "$pad('', " + pick(r, LITERALS) + ", " + pick(r, LITERALS) + ")";
                case 4 -> "($s := $pad('', " + pick(r, List.of("10", "100000", "1000000")) + ", 'x'); "
                        + pick(r, List.of("$s & $s", "$join([$s, $s, $s])", "$replace($s, 'x', 'yy')",
                        "$string([$s, $s])", "$split($s, '')", "$uppercase($s)")) + ")";
                default -> expr(r, depth + 1) + "." + expr(r, depth + 1);
            };
        };
    }

    static String call(Random r, int depth) {
        int args = r.nextInt(4);
        StringBuilder c = new StringBuilder(pick(r, FUNCTIONS)).append('(');
        for (int i = 0; i < args; i++) {
            c.append(i == 0 ? "" : ", ").append(r.nextInt(5) == 0 ? "function($v){ " + expr(r, depth + 2) + " }"
                    : expr(r, depth + 1));
        }
        return c.append(')').toString();
    }
}
