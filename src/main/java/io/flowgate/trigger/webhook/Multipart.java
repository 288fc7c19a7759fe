package io.flowgate.trigger.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A small {@code multipart/form-data} reader over the bytes already in memory (the body limit
 * bounds them): text fields become strings, file parts {@code {filename, contentType, size, base64}}.
 */
final class Multipart {
    static final int MAX_PARTS = 1000;

    private Multipart() {}

    static ObjectNode parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw invalid("the boundary does not occur in the body");
        }
        ObjectNode out = Json.object();
        int parts = 0;
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (afterDelimiter + 2 <= body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return out; // closing delimiter
            }
            int headerStart = skipLineBreak(body, afterDelimiter);
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            if (headerEnd < 0) {
                throw invalid("a part has no header end");
            }
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headerEnd + 4);
            if (next < 0) {
                throw invalid("a part is not closed by the boundary");
            }
            if (++parts > MAX_PARTS) {
                throw invalid("more than " + MAX_PARTS + " parts");
            }
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next);
            addPart(out, headers, content);
            pos = next + 2;
        }
    }

    private static void addPart(ObjectNode out, String headers, byte[] content) {
        String disposition = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-disposition")) {
                disposition = line.substring(colon + 1).trim();
            } else if (name.equals("content-type")) {
                contentType = line.substring(colon + 1).trim();
            }
        }
        String field = disposition == null ? null : RequestBody.parameter(disposition, "name");
        if (field == null || field.isEmpty()) {
            throw invalid("a part has no Content-Disposition name");
        }
        String filename = RequestBody.parameter(disposition, "filename");
        if (filename == null) {
            RequestBody.add(out, field, TextNode.valueOf(RequestBody.utf8(content)));
            return;
        }
        ObjectNode file = Json.object();
        file.put("filename", filename);
        file.put("contentType", contentType == null ? "application/octet-stream" : contentType);
        file.put("size", content.length);
        file.put("base64", Base64.getEncoder().encodeToString(content));
        RequestBody.add(out, field, file);
    }

    private static int skipLineBreak(byte[] body, int at) {
        if (at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n') {
            return at + 2;
        }
        throw invalid("a boundary line is not followed by CRLF");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static BadRequestException invalid(String why) {
        return new BadRequestException("invalid_multipart", "The multipart body is malformed: " + why);
    }
}
