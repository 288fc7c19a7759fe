package io.flowgate.trigger.webhook;

import io.flowgate.core.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code path} of a webhook trigger: literal segments and {@code {name}} parameters, e.g.
 * {@code orders/{region}}. A request's sub-path after {@code /hooks/{hookId}} must match it segment
 * for segment; without a template only the bare hook URL matches.
 */
public record PathTemplate(List<String> segments) {
    public static final PathTemplate NONE = new PathTemplate(List.of());
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,62})}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]{1,200}");

    static PathTemplate parse(String text, String at, List<Problem> problems) {
        if (text == null) {
            return NONE;
        }
        String trimmed = text.startsWith("/") ? text.substring(1) : text;
        trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        if (trimmed.isEmpty()) {
            return NONE;
        }
        List<String> segments = new ArrayList<>();
        for (String s : trimmed.split("/", -1)) {
            if (!PARAM.matcher(s).matches() && !LITERAL.matcher(s).matches()) {
                problems.add(Problem.at(at, "Segment '" + s + "' must be a literal or a {name} parameter"));
                return NONE;
            }
            segments.add(s);
        }
        return new PathTemplate(List.copyOf(segments));
    }

    /** The path parameters if {@code subPath} (without leading slash, maybe empty) matches. */
    public Optional<Map<String, String>> match(String subPath) {
        String p = subPath == null ? "" : subPath;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] parts = p.isEmpty() ? new String[0] : p.split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            var m = PARAM.matcher(segments.get(i));
            if (m.matches()) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(m.group(1), parts[i]);
            } else if (!segments.get(i).equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
