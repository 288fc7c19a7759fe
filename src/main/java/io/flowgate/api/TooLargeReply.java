package io.flowgate.api;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request body over the limit so that a client still uploading reads its 413.
 *
 * <p>Why: when an exchange ends with request content left unread, Jetty 12.1 aborts the connection, and the
 * kernel then resets it because unread bytes sit in its receive buffer. The reset can reach the client before
 * it has read the answer, which it then reports as a connection closed without a response (the JDK client's
 * "header parser received no bytes"). So the 413 is written and flushed at once, with {@code Connection:
 * close}, and then the rest of the upload is read and dropped, up to {@link #MAX_DISCARD_BYTES}: an upload
 * that ends within that closes gracefully; one that goes on is cut off after its client has had the answer
 * for as long as it took to send those bytes.
 */
final class TooLargeReply {
    /** How much of the rest of a refused upload is read and dropped before the connection is closed. */
    static final long MAX_DISCARD_BYTES = 4L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TooLargeReply.class);

    private TooLargeReply() {}

    /** Writes {@code json} as the 413 answer, flushes it, then drains what the client still sends (bounded). */
    static void send(Context ctx, String json) {
        HttpServletResponse res = ctx.res();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ctx.status(413);
        res.setHeader("Connection", "close");
        res.setContentType("application/json");
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
            res.flushBuffer();
        } catch (IOException e) {
            LOG.debug("{} {}: the client left before its 413 was written", ctx.method(), ctx.path(), e);
            return;
        }
        if (!waitsForContinue(ctx)) {
            discardRest(ctx);
        }
    }

    /**
     * A client that asked {@code Expect: 100-continue} and got a final answer instead sends no body, so there is
     * nothing to drain (reading would only wait for the idle timeout). Once the server has read any of the body,
     * the 100 has been sent and the client is uploading.
     */
    private static boolean waitsForContinue(Context ctx) {
        String expect = ctx.header("Expect");
        return expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue")
                && !RequestBodies.started(ctx);
    }

    private static void discardRest(Context ctx) {
        byte[] sink = new byte[16 * 1024];
        long discarded = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while (discarded <= MAX_DISCARD_BYTES && (n = in.read(sink)) >= 0) {
                discarded += n;
            }
        } catch (IOException e) {
            // The client stopped sending (it read the 413 and closed): nothing left to drain.
            LOG.debug("{} {}: upload ended after its 413 ({} bytes dropped)", ctx.method(), ctx.path(), discarded);
        }
    }
}
