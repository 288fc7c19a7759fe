package io.flowgate.expr;

import java.time.Duration;

/**
 * What one evaluation of an expression may use (docs/workflows.md#limits-of-an-expression). A step evaluates each
 * of its expressions and templates under these limits; one that goes past any of them fails with a message naming
 * the limit, and the step fails with it (retried per its {@code retry}), while the node goes on serving.
 *
 * @param timeout        wall time of one evaluation
 * @param maxDepth       nested evaluation steps (about a third of it in levels of a non-tail-recursive function)
 * @param maxSteps       evaluation steps in all (each path step, operator and function call is one)
 * @param maxItems       items of one array or entries of one object built or read during the evaluation
 * @param maxChars       characters of one string built or read during the evaluation
 * @param maxTotalChars  characters of all large strings (64 Ki characters or more) one evaluation holds at once
 *                       or builds: several strings each under {@code maxChars} must not add up to gigabytes
 */
public record ExpressionLimits(Duration timeout, int maxDepth, long maxSteps, int maxItems, int maxChars,
                               long maxTotalChars) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** 1000 overflowed a 1 MiB thread stack in tests, so the limit stays well below that. */
    public static final int DEFAULT_MAX_DEPTH = 300;
    public static final long DEFAULT_MAX_STEPS = 5_000_000;
    public static final int DEFAULT_MAX_ITEMS = 1_000_000;
    /** Above the largest request body by default (1 MiB), so a template over {@code trigger.raw} always fits. */
    public static final int DEFAULT_MAX_CHARS = 16 * 1024 * 1024;
    public static final long DEFAULT_MAX_TOTAL_CHARS = 64L * 1024 * 1024;

    public static final ExpressionLimits DEFAULTS = new ExpressionLimits(DEFAULT_TIMEOUT, DEFAULT_MAX_DEPTH,
            DEFAULT_MAX_STEPS, DEFAULT_MAX_ITEMS, DEFAULT_MAX_CHARS, DEFAULT_MAX_TOTAL_CHARS);
}
