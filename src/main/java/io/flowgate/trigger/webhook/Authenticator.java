package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.UnauthorizedException;
import io.flowgate.expr.DataPills;
import io.flowgate.expr.Template;
import io.flowgate.store.WebhookStore.TokenRow;
import io.flowgate.workflow.WorkflowSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The per-trigger authentication of docs/triggers.md#authentication-auth. Every failure is the same 401 "Authentication
 * failed" — never which part was wrong — with a {@code WWW-Authenticate} challenge for bearer and
 * basic. Comparisons of presented secrets are constant-time.
 */
final class Authenticator {
    private static final String FAILED = "Authentication failed";

    private final WebhookCredentials credentials;
    private final Supplier<Map<String, String>> secrets;
    private final Clock clock;

    Authenticator(WebhookCredentials credentials, Supplier<Map<String, String>> secrets, Clock clock) {
        this.credentials = credentials;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Checks {@code auth} for workflow {@code w}; the token id for token/bearer (for rate limits), else null. */
    String check(WebhookAuth auth, WorkflowSummary w, InboundRequest req, JsonNode parsedBody) {
        return switch (auth.type()) {
            case NONE -> null;
            case TOKEN -> {
                String presented = req.queryParam("token");
                if (presented == null && parsedBody != null && parsedBody.isObject()
                        && parsedBody.path("token").isTextual()) {
                    presented = parsedBody.get("token").asText();
                }
                yield ownToken(presented, w, null);
            }
            case BEARER -> ownToken(bearer(req), w, "Bearer realm=\"flowgate\"");
            case BASIC -> {
                basic(auth, req);
                yield null;
            }
            case HMAC -> {
                if (!Signatures.verify(auth.scheme(), credentials.secrets(w.team(), w.id()), firstHeaders(req),
                        req.body() == null ? new byte[0] : req.body(), clock.instant(), auth.tolerance())) {
                    throw new UnauthorizedException(FAILED, null);
                }
                yield null;
            }
        };
    }

    /** Boomerang: a token from the body field, {@code Authorization: Bearer} or {@code ?token=}, of any workflow. */
    Optional<TokenRow> anyToken(InboundRequest req, JsonNode parsedBody) {
        String presented = null;
        if (parsedBody != null && parsedBody.isObject() && parsedBody.path("token").isTextual()) {
            presented = parsedBody.get("token").asText();
        }
        if (presented == null) {
            presented = bearer(req);
        }
        if (presented == null) {
            presented = req.queryParam("token");
        }
        return credentials.authenticate(presented);
    }

    private String ownToken(String presented, WorkflowSummary w, String challenge) {
        return credentials.authenticate(presented)
                .filter(t -> t.team().equals(w.team()) && t.workflowId().equals(w.id()))
                .map(TokenRow::id)
                .orElseThrow(() -> new UnauthorizedException(FAILED, challenge));
    }

    private void basic(WebhookAuth auth, InboundRequest req) {
        String challenge = "Basic realm=\"flowgate\", charset=\"UTF-8\"";
        String header = req.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new UnauthorizedException(FAILED, challenge);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException(FAILED, challenge);
        }
        int colon = decoded.indexOf(':');
        String expectedPassword = Template.parse(auth.password())
                .renderText(DataPills.builder().secrets(secrets.get()).build(), clock);
        boolean userOk = colon >= 0 && equal(decoded.substring(0, colon), auth.username());
        boolean passwordOk = colon >= 0 && !expectedPassword.isEmpty()
                && equal(decoded.substring(colon + 1), expectedPassword);
        if (!(userOk & passwordOk)) {
            throw new UnauthorizedException(FAILED, challenge);
        }
    }

    private static String bearer(InboundRequest req) {
        String header = req.header("authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** Hashing both sides first makes the comparison constant-time regardless of the lengths. */
    private static boolean equal(String presented, String expected) {
        return MessageDigest.isEqual(WebhookCredentials.sha256(presented), WebhookCredentials.sha256(expected));
    }

    private static Map<String, String> firstHeaders(InboundRequest req) {
        Map<String, String> out = new java.util.HashMap<>();
        req.headers().forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k.toLowerCase(Locale.ROOT), v.getFirst());
            }
        });
        return out;
    }
}
