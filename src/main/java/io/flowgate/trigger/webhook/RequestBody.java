package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request body into the {@code trigger.body} and {@code trigger.raw} data pills by its Content-Type
 * (docs/triggers.md#inbound-webhooks-and-the-rest-api-trigger-issue-3): JSON parsed; form fields as an
 * object; multipart fields and files ({@code {filename, contentType, size, base64}}); {@code text/*} and XML
 * kept as text; anything else base64. Bad input is a 400 naming what is wrong (JSON with its line and
 * column), never a 500.
 */
public final class RequestBody {

    /** @param body the parsed body (null when empty); @param raw the body as text, or base64 for binary */
    public record Parsed(JsonNode body, String raw) {
        static final Parsed EMPTY = new Parsed(null, null);
    }

    /** Trailing content after the first value ({@code {"a":1}}}) is an error, not silently dropped. */
    private static final ObjectReader STRICT =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestBody() {}

    public static Parsed parse(String contentType, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Parsed.EMPTY;
        }
        String type = mediaType(contentType);
        if (type.equals("application/json") || type.endsWith("+json")) {
            String text = utf8(bytes);
            return new Parsed(json(text), text);
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            String text = utf8(bytes);
            return new Parsed(form(text), text);
        }
        if (type.equals("multipart/form-data")) {
            String boundary = parameter(contentType, "boundary");
            if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
                throw new BadRequestException("invalid_multipart", "A multipart body needs a boundary parameter");
            }
            return new Parsed(Multipart.parse(bytes, boundary), null);
        }
        if (type.startsWith("text/") || type.equals("application/xml") || type.endsWith("+xml")) {
            String text = utf8(bytes);
            return new Parsed(TextNode.valueOf(text), text);
        }
        String b64 = Base64.getEncoder().encodeToString(bytes);
        ObjectNode binary = Json.object();
        binary.put("contentType", type.isEmpty() ? "application/octet-stream" : type);
        binary.put("size", bytes.length);
        binary.put("base64", b64);
        return new Parsed(binary, b64);
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static String parameter(String contentType, String name) {
        for (String part : contentType.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = part.substring(eq + 1).trim();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** Strict UTF-8: invalid bytes are a 400, not silently replaced. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("invalid_encoding", "The request body is not valid UTF-8");
        }
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            utf8(bytes);
            return true;
        } catch (BadRequestException e) {
            return false;
        }
    }

    static JsonNode json(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Map<String, Object> details = new LinkedHashMap<>();
            String where = "";
            if (at != null) {
                details.put("line", at.getLineNr());
                details.put("column", at.getColumnNr());
                where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            }
            throw new BadRequestException("invalid_json", "The request body is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), details);
        } catch (IOException e) {
            throw new BadRequestException("invalid_json", "The request body is not valid JSON");
        }
    }

    /** {@code a=1&b=2&b=3} → {@code {"a":"1","b":["2","3"]}}. */
    static ObjectNode form(String text) {
        ObjectNode out = Json.object();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("invalid_form", "The form body has a malformed %-escape");
            }
            add(out, name, TextNode.valueOf(value));
        }
        return out;
    }

    static void add(ObjectNode out, String name, JsonNode value) {
        JsonNode existing = out.get(name);
        if (existing == null) {
            out.set(name, value);
        } else if (existing.isArray()) {
            ((ArrayNode) existing).add(value);
        } else {
            ArrayNode list = out.arrayNode();
            list.add(existing);
            list.add(value);
            out.set(name, list);
        }
    }
}
