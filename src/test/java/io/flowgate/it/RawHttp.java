package io.flowgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends exactly the bytes it is given over a fresh connection and returns the status code, so tests
 * can send what no well-behaved client would (bad escapes, invalid UTF-8, odd headers).
 */
final class RawHttp {
    private RawHttp() {}

    /** {@code head}: request line and headers, without the blank line; Content-Length is added for the body. */
    static int send(int port, String head, byte[] body) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder(head);
            h.append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            if (body != null) {
                h.append("Content-Length: ").append(body.length).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            String text = reply.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        } catch (IOException e) {
            // The server may close a connection on a request it will not read (e.g. oversize): no answer is no 5xx.
            return -1;
        }
    }
}
