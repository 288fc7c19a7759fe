package io.flowgate.api;

import io.flowgate.core.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals — a request it will not hand to any route (a bad %-escape or an ambiguous path, headers
 * too large, a malformed request line) — in the same {@code {"code","msg"}} body as {@link ErrorMapper}'s, instead
 * of Jetty's HTML page (SPEC section 7: errors everywhere are JSON). Found by {@code HttpRouteFuzzTest}.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets the body, not only GET, POST and HEAD
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    /** A 5xx never carries Jetty's message (it may hold data); a 4xx says what Jetty refused. */
    static byte[] body(int status, String message) {
        String msg = status >= 500 || message == null || message.isBlank()
                ? "The request was refused (HTTP " + status + ")" : "The request was refused: " + message;
        return Json.write(ErrorMapper.body(ErrorMapper.code(status), msg, Map.of())).getBytes(StandardCharsets.UTF_8);
    }
}
