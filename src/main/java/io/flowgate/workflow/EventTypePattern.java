package io.flowgate.workflow;

/**
 * The rule for the CloudEvents type an event trigger or a {@code wait-for-event} step names: an exact type,
 * or a trailing wildcard after a dot ({@code com.example.*}); a lone {@code *} matches every type. Here, in
 * the definitions package, so that the trigger and the step type check it the same way.
 */
public final class EventTypePattern {
    private EventTypePattern() {}

    /** Null when {@code pattern} is a valid type pattern, else what is wrong with it. */
    public static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "Is required: a CloudEvents type such as com.example.order.created, or a prefix ending in .*";
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && !(pattern.equals("*") || (star == pattern.length() - 1 && pattern.endsWith(".*")
                && pattern.length() > 2))) {
            return "A wildcard may only end the type, after a dot (com.example.*)";
        }
        return null;
    }
}
