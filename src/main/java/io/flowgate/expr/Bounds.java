package io.flowgate.expr;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds one evaluation to its {@link ExpressionLimits}. It replaces the library's own time box (same entry and exit
 * hooks, same messages for depth and time) and adds what that lacks: a step count, and a check of every value an
 * evaluation step produces — no string or array past its size, and large strings not adding up past a total. The
 * built-ins that make a large value from small arguments in one call ({@code $pad}, {@code $join},
 * {@code $replace}, {@code $string}) are replaced by versions that check the size first, so that value is never
 * allocated. One instance per evaluation; not thread-safe (the library evaluates a frame on one thread).
 */
final class Bounds {
    /** Strings at least this long count towards the total (once each, however often they are referenced). */
    static final int LARGE = 64 * 1024;

    private final ExpressionLimits limits;
    private final long deadline;
    private final Set<Object> counted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int depth;
    private long steps;
    private long totalChars;

    private Bounds(ExpressionLimits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    /** Installs fresh bounds on {@code frame}, the frame of one evaluation. */
    static void install(Jsonata.Frame frame, ExpressionLimits limits) {
        Bounds b = new Bounds(limits);
        frame.setEvaluateEntryCallback(b::entered);
        frame.setEvaluateExitCallback(b::exited);
        frame.bind("pad", Jsonata.function("pad", (String s, Number w, String c) -> b.guardedPad(s, w, c), "<s-ns?:s>"));
        frame.bind("join", Jsonata.function("join", b::join, "<a<s>s?:s>"));
        frame.bind("replace", Jsonata.function("replace", b::replace, "<s-(sf)(sf)n?:s>"));
        frame.bind("string", Jsonata.function("string", b::string, "<x-b?:s>"));
    }

    private void entered(Parser.Symbol expr, Object input, Jsonata.Frame env) {
        if (env.isParallelCall) {
            return;
        }
        depth++;
        steps++;
        check();
    }

    private void exited(Parser.Symbol expr, Object input, Jsonata.Frame env, Object result) {
        if (env.isParallelCall) {
            return;
        }
        depth--;
        measure(result);
        check();
    }

    private void check() {
        if (depth > limits.maxDepth()) {
            throw new JException("Stack overflow error: Check for non-terminating recursive function. Consider "
                    + "rewriting as tail-recursive. Depth=" + depth + " max=" + limits.maxDepth(), -1);
        }
        if (steps > limits.maxSteps()) {
            throw new JException("Expression took more than " + limits.maxSteps() + " evaluation steps", -1);
        }
        if ((steps & 0xff) == 0 && System.nanoTime() - deadline > 0) {
            throw new JException("Expression evaluation timeout: Check for infinite loop", -1);
        }
    }

    private void measure(Object value) {
        if (value instanceof String s) {
            chars(s.length());
            if (s.length() >= LARGE && counted.add(s)) {
                totalChars += s.length();
                if (totalChars > limits.maxTotalChars()) {
                    throw new JException("Expression built more than " + limits.maxTotalChars()
                            + " characters of large strings", -1);
                }
            }
        } else if (value instanceof Collection<?> c) {
            items(c.size());
        } else if (value instanceof Map<?, ?> m) {
            items(m.size());
        }
    }

    private void chars(long n) {
        if (n > limits.maxChars()) {
            throw new JException("Expression made a string of more than " + limits.maxChars() + " characters", -1);
        }
    }

    private void items(long n) {
        if (n > limits.maxItems()) {
            throw new JException("Expression made an array or object of more than " + limits.maxItems() + " items",
                    -1);
        }
    }

    // ---- built-ins that check the size of what they would make first ----

    private String guardedPad(String str, Number width, String with) {
        if (width != null) {
            chars(Math.abs(width.longValue()));
        }
        return pad(str, width == null ? 0 : width.intValue(), with);
    }

    /**
     * {@code $pad} as the library defines it (the padding is {@code with} repeated, cut to the missing code points;
     * a negative width pads on the left), built in one pass: the library's own appends one character at a time to
     * a new string, so a wide pad took quadratic time inside one call, out of reach of the time box.
     */
    static String pad(String str, int width, String with) {
        if (str == null) {
            return null;
        }
        String unit = with == null || with.isEmpty() ? " " : with;
        int missing = Math.abs(width) - str.codePointCount(0, str.length());
        if (missing <= 0) {
            return str;
        }
        int unitPoints = unit.codePointCount(0, unit.length());
        String padding = unit.repeat((missing + unitPoints - 1) / unitPoints);
        padding = padding.substring(0, padding.offsetByCodePoints(0, missing));
        return width < 0 ? padding + str : str + padding;
    }

    private String join(List<String> strings, String separator) {
        if (strings == null) {
            return null;
        }
        long n = separator == null ? 0 : (long) separator.length() * Math.max(0, strings.size() - 1);
        for (String s : strings) {
            n += s == null ? 0 : s.length();
            chars(n);
        }
        return Functions.join(strings, separator);
    }

    private String replace(String str, Object pattern, Object replacement, Number limit) {
        if (str != null && replacement instanceof String with && !with.isEmpty()) {
            long matches = 0;
            if (pattern instanceof String p && !p.isEmpty()) {
                for (int i = str.indexOf(p); i >= 0; i = str.indexOf(p, i + p.length())) {
                    matches++;
                }
            } else if (pattern instanceof Pattern p) {
                for (Matcher m = p.matcher(str); m.find(); ) {
                    matches++;
                }
            }
            if (limit != null) {
                matches = Math.min(matches, Math.max(0, limit.longValue()));
            }
            chars(str.length() + matches * with.length());
        }
        return Functions.replace(str, pattern, replacement, limit == null ? null : limit.intValue());
    }

    private String string(Object value, Boolean prettify) {
        chars(estimate(value, 0));
        return Functions.string(value, prettify);
    }

    /** A lower bound of the JSON text of {@code value}, stopping once it passes the limit. */
    private long estimate(Object value, long sofar) {
        if (sofar > limits.maxChars()) {
            return sofar;
        }
        if (value instanceof String s) {
            return sofar + s.length() + 2;
        }
        if (value instanceof Collection<?> c) {
            long n = sofar + 2;
            for (Object item : c) {
                n = estimate(item, n + 1);
                if (n > limits.maxChars()) {
                    break;
                }
            }
            return n;
        }
        if (value instanceof Map<?, ?> m) {
            long n = sofar + 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n = estimate(e.getValue(), n + String.valueOf(e.getKey()).length() + 4);
                if (n > limits.maxChars()) {
                    break;
                }
            }
            return n;
        }
        return sofar + 1;
    }
}
