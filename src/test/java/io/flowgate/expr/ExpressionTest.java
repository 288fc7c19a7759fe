package io.flowgate.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Json;
import io.flowgate.core.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private static final JsonNode ORDER = Json.read("""
            {"trigger": {"body": {"customer": {"name": "ada", "vip": true},
                                  "items": [{"sku": "a", "price": 2.5, "qty": 2}, {"sku": "b", "price": 5, "qty": 1}],
                                  "note": null}},
             "steps": {"total": {"outputs": {"total": 10}, "status": "completed"}}}
            """);

    @Test
    void evaluates_paths_numbers_and_aggregates_over_nested_json() {
        assertThat(Expression.compile("trigger.body.customer.name").evaluate(ORDER, CLOCK).textValue()).isEqualTo("ada");
        assertThat(Expression.compile("$sum(trigger.body.items.price)").evaluate(ORDER, CLOCK).doubleValue()).isEqualTo(7.5);
        assertThat(Expression.compile("$sum(trigger.body.items.(price * qty))").evaluate(ORDER, CLOCK))
                .isEqualTo(Json.read("10"));
        assertThat(Expression.compile("trigger.body.items[price > 3].sku").evaluate(ORDER, CLOCK).textValue()).isEqualTo("b");
        assertThat(Expression.compile("steps.total.outputs.total + 1").evaluate(ORDER, CLOCK).intValue()).isEqualTo(11);
    }

    @Test
    void builds_objects_and_arrays_as_json() {
        JsonNode result = Expression.compile(
                "{ 'skus': trigger.body.items.sku, 'who': $uppercase(trigger.body.customer.name), 'n': $count(trigger.body.items) }")
                .evaluate(ORDER, CLOCK);
        assertThat(result).isEqualTo(Json.read("{\"skus\": [\"a\", \"b\"], \"who\": \"ADA\", \"n\": 2}"));
    }

    @Test
    void whole_doubles_come_back_as_integers() {
        assertThat(Expression.compile("$sum([1, 2])").evaluate(null, CLOCK).toString()).isEqualTo("3");
        assertThat(Expression.compile("1 / 4").evaluate(null, CLOCK).toString()).isEqualTo("0.25");
    }

    @Test
    void string_functions_work() {
        assertThat(Expression.compile("$join(trigger.body.items.sku, ',') & '!'").evaluate(ORDER, CLOCK).textValue())
                .isEqualTo("a,b!");
        assertThat(Expression.compile("$substringBefore('a-b', '-')").evaluate(ORDER, CLOCK).textValue()).isEqualTo("a");
    }

    @Test
    void undefined_is_java_null_and_json_null_is_a_null_node() {
        assertThat(Expression.compile("trigger.body.nothing").evaluate(ORDER, CLOCK)).isNull();
        assertThat(Expression.compile("trigger.body.note").evaluate(ORDER, CLOCK).isNull()).isTrue();
        assertThat(Expression.compile("{ 'note': trigger.body.note, 'gone': trigger.body.nothing }").evaluate(ORDER, CLOCK))
                .isEqualTo(Json.read("{\"note\": null}"));
        assertThat(Expression.compile("trigger.body.note = null").evaluate(ORDER, CLOCK).booleanValue()).isTrue();
    }

    @Test
    void evaluates_without_any_context() {
        assertThat(Expression.compile("1 + 2").evaluate(null, CLOCK).intValue()).isEqualTo(3);
        assertThat(Expression.compile("foo").evaluate(null, CLOCK)).isNull();
    }

    @Test
    void test_uses_jsonata_truthiness() {
        assertThat(Expression.compile("trigger.body.customer.vip").test(ORDER, CLOCK)).isTrue();
        assertThat(Expression.compile("trigger.body.nothing").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("trigger.body.note").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("''").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("'x'").test(ORDER, CLOCK)).isTrue();
        assertThat(Expression.compile("0").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("[]").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("[0, 1]").test(ORDER, CLOCK)).isTrue();
        assertThat(Expression.compile("{}").test(ORDER, CLOCK)).isFalse();
        assertThat(Expression.compile("trigger.body.customer").test(ORDER, CLOCK)).isTrue();
        assertThat(Expression.compile("$count(trigger.body.items) > 1").test(ORDER, CLOCK)).isTrue();
    }

    @Test
    void compile_errors_say_what_and_where() {
        assertThatThrownBy(() -> Expression.compile("(1 + "))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("Expression '(1 + ' is invalid at position 5")
                .hasMessageContaining("Expected \")\"");
        assertThatThrownBy(() -> Expression.compile("a}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> Expression.compile(" ")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void runtime_errors_name_the_expression() {
        Expression bad = Expression.compile("'a' + 1");
        assertThatThrownBy(() -> bad.evaluate(ORDER, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Expression ''a' + 1' failed")
                .hasMessageContaining("must evaluate to a number");
        assertThatThrownBy(() -> Expression.compile("$nope()").evaluate(ORDER, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("non-function");
    }

    @Test
    void runaway_recursion_is_stopped_by_the_depth_limit() {
        assertThatThrownBy(() -> Expression.compile("($f := function($n){ 1 + $f($n + 1) }; $f(1))").evaluate(null, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("failed")
                .hasMessageContaining("Stack overflow");
    }

    @Test
    void a_huge_loop_is_stopped_by_the_item_limit_before_it_runs() {
        assertThatThrownBy(() -> Expression.compile("$count([1..10000000].($ * 2))").evaluate(null, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("more than " + ExpressionLimits.DEFAULT_MAX_ITEMS + " items");
    }

    @Test
    void a_loop_within_the_item_limit_is_stopped_by_the_step_or_time_limit() {
        // 1,000,000 items x a few steps each: past the step budget (or the time box on a slow machine).
        assertThatThrownBy(() -> Expression.compile("$sum([1..1000000].($ * 2 + 1 - 1))").evaluate(null, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("evaluation steps", "timeout"));
    }

    @Test
    void an_endless_tail_recursion_is_stopped_by_the_step_or_time_limit() {
        assertThatThrownBy(() -> Expression.compile("($f := function($n){ $f($n + 1) }; $f(1))").evaluate(null, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("evaluation steps", "timeout", "Stack"));
    }

    @Test
    void a_huge_string_is_refused_before_it_is_made() {
        for (String bomb : List.of("$pad('x', 1000000000)", "$pad('x', -1000000000)",
                "$join([1..20].($pad('x', 1000000)), '')",
                "($s := $pad('', 100000, 'x'); $replace($s, 'x', $pad('', 1000, 'y')))",
                "($s := $pad('', 100000, 'x'); $replace($s, /x/, $pad('', 1000, 'y')))",
                "($s := $pad('x', 1000000); $string([1..100].($s)))",
                "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('xy', 40))")) {
            assertThatThrownBy(() -> Expression.compile(bomb).evaluate(null, CLOCK)).as(bomb)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("more than");
        }
    }

    @Test
    void many_large_strings_are_refused_once_they_add_up() {
        // Each 1,000,000 characters (within the per-string limit), 100 of them: past the total.
        assertThatThrownBy(() -> Expression.compile("$count([1..100].($pad('x', 1000000 + $)))").evaluate(null, CLOCK))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("characters of large strings");
    }

    @Test
    void pad_answers_as_the_library_pad_does() {
        for (String str : List.of("", "ab", "héllo", "😀x")) {
            for (String with : java.util.Arrays.asList(null, "", "-", "xy", "😀é")) {
                for (int width = -9; width <= 9; width++) {
                    assertThat(Bounds.pad(str, width, with)).as("%s %d %s", str, width, with)
                            .isEqualTo(com.dashjoin.jsonata.Functions.pad(str, width, with));
                }
            }
        }
    }

    @Test
    void a_wide_pad_within_the_limit_takes_no_time_to_speak_of() {
        // The library's own $pad built this one character at a time (quadratic): minutes, inside one call.
        assertThat(Expression.compile("$length($pad('x', 4000000))").evaluate(null, CLOCK).intValue())
                .isEqualTo(4_000_000);
    }

    @Test
    void the_guarded_built_ins_still_work_as_the_library_does() {
        assertThat(Expression.compile("$pad('ab', 5, '-')").evaluate(null, CLOCK).textValue()).isEqualTo("ab---");
        assertThat(Expression.compile("$pad('ab', -5)").evaluate(null, CLOCK).textValue()).isEqualTo("   ab");
        assertThat(Expression.compile("$join(['a','b','c'], ',')").evaluate(null, CLOCK).textValue()).isEqualTo("a,b,c");
        assertThat(Expression.compile("$join(['a','b'])").evaluate(null, CLOCK).textValue()).isEqualTo("ab");
        assertThat(Expression.compile("$replace('banana', 'a', 'o')").evaluate(null, CLOCK).textValue())
                .isEqualTo("bonono");
        assertThat(Expression.compile("$replace('banana', 'a', 'o', 2)").evaluate(null, CLOCK).textValue())
                .isEqualTo("bonona");
        assertThat(Expression.compile("$replace('banana', /an/, 'AN')").evaluate(null, CLOCK).textValue())
                .isEqualTo("bANANa");
        assertThat(Expression.compile("$replace('abc', /b/, function($m){ $uppercase($m.match) })")
                .evaluate(null, CLOCK).textValue()).isEqualTo("aBc");
        assertThat(Expression.compile("$string({'a': [1, 'x']})").evaluate(null, CLOCK).textValue())
                .isEqualTo("{\"a\":[1,\"x\"]}");
        assertThat(Expression.compile("trigger.body.customer.name.$string()").evaluate(ORDER, CLOCK).textValue()).isEqualTo("ada");
        assertThat(Expression.compile("$string(5)").evaluate(null, CLOCK).textValue()).isEqualTo("5");
    }

    @Test
    void moderate_recursion_still_works() {
        assertThat(Expression.compile("($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))")
                .evaluate(null, CLOCK).longValue()).isEqualTo(3628800L);
        assertThat(Expression.compile("($f := function($n){ $n <= 1 ? 1 : 1 + $f($n - 1) }; $f(80))")
                .evaluate(null, CLOCK).intValue()).isEqualTo(80);
    }

    @Test
    void now_and_millis_read_the_given_clock() {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(Expression.compile("$now()").evaluate(null, clock).textValue()).isEqualTo("2026-03-01T10:00:00.000Z");
        clock.advance(Duration.ofSeconds(5));
        assertThat(Expression.compile("$millis()").evaluate(null, clock).longValue())
                .isEqualTo(Instant.parse("2026-03-01T10:00:05Z").toEpochMilli());
        assertThat(Expression.compile("$now('[Y0001]-[M01]')").evaluate(null, clock).textValue()).isEqualTo("2026-03");
    }

    @Test
    void compiled_expressions_are_cached() {
        assertThat(Expression.compile("1 + 41")).isSameAs(Expression.compile("1 + 41"));
    }

    @Test
    void one_cached_expression_evaluates_correctly_from_many_threads_at_once() throws Exception {
        Expression expression = Expression.compile("($x := $$.n; $$.n * 2 + $x + $sum(items))");
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                int wrong = 0;
                for (int i = 0; i < 2_000; i++) {
                    int n = thread * 100_000 + i;
                    JsonNode input = Json.read("{\"n\": " + n + ", \"items\": [1, " + i + "]}");
                    if (expression.evaluate(input, CLOCK).longValue() != 3L * n + 1 + i) {
                        wrong++;
                    }
                }
                return wrong;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            int wrong = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                wrong += f.get();
            }
            assertThat(wrong).isZero();
        }
    }
}
