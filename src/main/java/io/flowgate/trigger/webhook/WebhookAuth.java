package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.Problem;
import io.flowgate.expr.Template;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a webhook trigger authenticates callers (docs/triggers.md#authentication-auth): {@code auth: bearer} or
 * {@code auth: {type: basic, username: shop, password: "{{ secrets.SHOP_PW }}"}} or
 * {@code auth: {type: hmac, scheme: github}}.
 *
 * @param password  a template over {@code secrets} (basic only)
 * @param tolerance how far a signed timestamp may be from now (hmac standard-webhooks and stripe)
 */
public record WebhookAuth(Type type, String username, String password, String scheme, Duration tolerance) {
    public static final WebhookAuth NONE = new WebhookAuth(Type.NONE, null, null, null, null);
    public static final Set<String> SCHEMES = Set.of(Signatures.STANDARD, Signatures.GITHUB, Signatures.STRIPE);
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** How callers prove who they are; written in lower case in a definition ({@code auth: hmac}). */
    public enum Type {
        NONE, TOKEN, BEARER, BASIC, HMAC;

        private final String wire = name().toLowerCase(Locale.ROOT);

        public String wire() {
            return wire;
        }

        /** The type a definition names; null for any other text. */
        static Type fromWire(String text) {
            for (Type t : values()) {
                if (t.wire.equals(text)) {
                    return t;
                }
            }
            return null;
        }
    }

    static WebhookAuth parse(JsonNode node, String at, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        String typeName;
        if (node.isTextual()) {
            typeName = node.asText();
        } else if (node.isObject()) {
            typeName = WebhookTrigger.text(node, "type", at, problems);
        } else {
            problems.add(Problem.at(at, "Must be a type name or an object {type, …}"));
            return NONE;
        }
        Type type = Type.fromWire(typeName);
        if (type == null) {
            problems.add(Problem.at(node.isObject() ? at + ".type" : at, "Must be one of none, token, bearer, basic, hmac"));
            return NONE;
        }
        String username = node.isObject() ? WebhookTrigger.text(node, "username", at, problems) : null;
        String password = node.isObject() ? WebhookTrigger.text(node, "password", at, problems) : null;
        String scheme = node.isObject() ? WebhookTrigger.text(node, "scheme", at, problems) : null;
        Duration tolerance = node.isObject()
                ? WebhookTrigger.duration(node.get("tolerance"), at + ".tolerance", problems, DEFAULT_TOLERANCE)
                : DEFAULT_TOLERANCE;
        switch (type) {
            case BASIC -> {
                if (username == null || username.isEmpty() || username.contains(":")) {
                    problems.add(Problem.at(at + ".username", "Basic auth needs a username without ':'"));
                }
                if (password == null || !Template.hasExpressions(password) || !password.contains("secrets.")) {
                    problems.add(Problem.at(at + ".password",
                            "Must name a secret, e.g. \"{{ secrets.SHOP_PW }}\" (never a literal password)"));
                }
            }
            case HMAC -> {
                if (scheme == null) {
                    scheme = Signatures.STANDARD;
                } else if (!SCHEMES.contains(scheme)) {
                    problems.add(Problem.at(at + ".scheme", "Must be one of standard-webhooks, github, stripe"));
                }
            }
            default -> { }
        }
        return new WebhookAuth(type, username, password, scheme, tolerance);
    }
}
