package io.flowgate.trigger.event;

import java.util.ArrayList;
import java.util.List;

/**
 * Type patterns of event triggers and waits: an exact type, or a trailing wildcard ({@code com.example.*},
 * which matches every type that starts with {@code com.example.}; a lone {@code *} matches every type).
 * An event's type has few patterns that can match it — itself and one wildcard per dot — so matching is a
 * handful of lookups by pattern, however many triggers or waits exist.
 */
public final class EventTypes {
    private EventTypes() {}

    /** Every pattern that matches {@code type}: the type, its wildcard prefixes (longest first), and {@code *}. */
    public static List<String> patternsMatching(String type) {
        List<String> out = new ArrayList<>();
        out.add(type);
        for (int i = type.length() - 1; i >= 0; i--) {
            if (type.charAt(i) == '.' && i < type.length() - 1) {
                out.add(type.substring(0, i + 1) + "*");
            }
        }
        out.add("*");
        return out;
    }
}
