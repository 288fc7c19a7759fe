package io.flowgate.store.jdbc;

import io.flowgate.core.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a newest-first listing stopped: the last row's (createdAt, id). Opaque to clients
 * (URL-safe base64 of {@code millis:id}); keyset pagination, so pages stay stable while new
 * executions arrive.
 */
record ListCursor(long createdAt, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon <= 0 || colon == plain.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            return new ListCursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid_cursor", "The cursor '" + cursor
                    + "' is not one this server handed out; start again without a cursor");
        }
    }
}
