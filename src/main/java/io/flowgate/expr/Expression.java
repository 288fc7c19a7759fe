package io.flowgate.expr;

import com.dashjoin.jsonata.JException;
import com.github.benmanes.caffeine.cache.Cache;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.Frame;
import com.dashjoin.jsonata.Functions;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.CacheSettings;
import io.flowgate.core.Caches;
import java.time.Clock;
import java.time.Duration;

/**
 * A compiled JSONata expression (docs/workflows.md#expressions-and-templates), evaluated over a Jackson tree
 * such as the data-pill context built by {@link DataPills}.
 *
 * <p>Compiled expressions are cached and one instance is evaluated by many threads at once. The
 * library's parsed {@link Jsonata} is safe for that only when every call gets its own
 * {@link Frame}: the convenience {@code evaluate(input)} binds {@code $$} in the instance's shared
 * root frame, and concurrent calls then read each other's input (measured: tens of thousands of
 * wrong results in 160k concurrent calls; none with a frame per call). The library also keeps
 * per-thread helper state in a static {@code ThreadLocal}; it saves and restores it around each
 * call, except the timestamp behind {@code $now()}/{@code $millis()}, which goes stale on a reused
 * thread — so those two are re-bound per call to read the injected {@link Clock}.
 *
 * <p>Runaway expressions (infinite recursion, huge loops, huge strings or arrays) are stopped by {@link Bounds}
 * under {@link ExpressionLimits#DEFAULTS}: time, nesting depth, evaluation steps, and the size of every value.
 */
public final class Expression {
    public static final Duration TIMEOUT = ExpressionLimits.DEFAULT_TIMEOUT;
    public static final int MAX_DEPTH = ExpressionLimits.DEFAULT_MAX_DEPTH;

    private static final Cache<String, Expression> CACHE = Caches.bounded(CacheSettings.DEFAULT_EXPRESSIONS);

    private final String source;
    private final Jsonata compiled;

    private Expression(String source, Jsonata compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /** Compiles (or returns the cached compilation of) {@code source}. */
    public static Expression compile(String source) {
        if (source == null || source.isBlank()) {
            throw new ExpressionException("The expression is empty", null);
        }
        return CACHE.get(source, Expression::parse);
    }

    private static Expression parse(String source) {
        try {
            Jsonata compiled = Jsonata.jsonata(source);
            // Keep JSON null distinct from "undefined" in results (see JsonValues).
            compiled.setOutputConvertNulls(false);
            return new Expression(source, compiled);
        } catch (JException e) {
            throw new ExpressionException(
                    "Expression '" + source + "' is invalid" + position(e) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ExpressionException("Expression '" + source + "' is invalid: " + e.getMessage(), e);
        }
    }

    public String source() {
        return source;
    }

    /**
     * The result as JSON, or Java {@code null} when the result is JSONata's "undefined" (e.g. a
     * path that matches nothing). A JSON null result is a {@code NullNode}. {@code $now()} and
     * {@code $millis()} read {@code clock} (the engine's, so a settable clock in tests moves them too).
     */
    public JsonNode evaluate(JsonNode context, Clock clock) {
        Frame frame = compiled.createFrame();
        Bounds.install(frame, ExpressionLimits.DEFAULTS);
        bindClock(frame, clock);
        try {
            // A context from LivePills carries its converted form: no conversion per expression.
            Object input = context instanceof LivePills.Converted c ? c.java() : JsonValues.toInput(context);
            return JsonValues.toJson(compiled.evaluate(input, frame));
        } catch (JException e) {
            throw new ExpressionException("Expression '" + source + "' failed" + position(e) + ": " + message(e), e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("Expression '" + source + "' failed: it nests or recurses too deeply", e);
        } catch (RuntimeException e) {
            throw new ExpressionException("Expression '" + source + "' failed: " + e, e);
        }
    }

    /** JSONata truthiness (used by {@code when} and conditions); undefined is false. */
    public boolean test(JsonNode context, Clock clock) {
        return truthy(evaluate(context, clock));
    }

    /** JSONata's boolean cast: empty string, 0, null, empty array/object and undefined are false. */
    public static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (truthy(item)) {
                    return true;
                }
            }
            return false;
        }
        return !value.isEmpty();
    }

    private static void bindClock(Frame frame, Clock clock) {
        frame.bind("now", Jsonata.function("now",
                (String picture, String timezone) -> Functions.dateTimeFromMillis(clock.millis(), picture, timezone),
                "<s?s?:s>"));
        frame.bind("millis", Jsonata.function("millis", () -> clock.millis(), "<:n>"));
    }

    private static String position(JException e) {
        return e.getLocation() >= 0 ? " at position " + e.getLocation() : "";
    }

    private static String message(JException e) {
        String m = e.getMessage();
        // The library prefixes its own time-box errors with its class name.
        return m != null && m.startsWith("JSonataException ") ? m.substring("JSonataException ".length()) : m;
    }

    @Override
    public String toString() {
        return source;
    }
}
