package io.flowgate.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import io.flowgate.core.PayloadTooLargeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads request bodies within the configured size limit, and parses JSON ones with located errors. */
final class RequestBodies {
    private static final String BODY = "flowgate.body";
    private static final String STARTED = "flowgate.body.started";

    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Rejects a declared Content-Length over the limit before anything is read. */
    void checkDeclaredLength(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
    }

    /** Whether this request's body has begun to be read (and so any {@code 100 Continue} been sent). */
    static boolean started(Context ctx) {
        return ctx.attribute(STARTED) != null;
    }

    /** The body as UTF-8 text ("" when absent); also catches chunked bodies over the limit. */
    String text(Context ctx) {
        String cached = ctx.attribute(BODY);
        if (cached != null) {
            return cached;
        }
        checkDeclaredLength(ctx);
        ctx.attribute(STARTED, Boolean.TRUE);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            ctx.attribute(BODY, text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }

    /** The body bytes (empty when absent) within the limit; for webhooks, which need the exact bytes. */
    byte[] bytes(Context ctx) {
        checkDeclaredLength(ctx);
        ctx.attribute(STARTED, Boolean.TRUE);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request body", e);
        }
    }

    /** The body parsed as JSON; null when the body is empty. */
    JsonNode json(Context ctx) {
        String text = text(ctx);
        if (text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /** The body as a JSON object; an empty body is an empty object. */
    JsonNode object(Context ctx) {
        JsonNode node = json(ctx);
        if (node == null) {
            return Json.object();
        }
        if (!node.isObject()) {
            throw new BadRequestException("invalid_body", "The request body must be a JSON object");
        }
        return node;
    }

    static BadRequestException invalidJson(JsonProcessingException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        JsonLocation at = e.getLocation();
        if (at != null) {
            details.put("line", at.getLineNr());
            details.put("column", at.getColumnNr());
        }
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new BadRequestException("invalid_json", "The request body is not valid JSON" + where + ": "
                + e.getOriginalMessage(), details);
    }
}
