package io.flowgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One fuzz case on the wire: exactly its bytes over a fresh connection, and the answer as it came. */
final class RawExchange {
    static final int READ_TIMEOUT_MS = 20_000;

    private RawExchange() {}

    record Answer(int status, Map<String, String> headers, String body) {}

    /**
     * Sends the case over a fresh connection and reads the answer: status, headers and body (a stream answer only
     * up to its headers). A connection the server closes without an answer (it may, for a request it will not
     * read) is status -1: no answer is no 5xx, and is counted apart.
     */
    static Answer send(int port, RouteCases.Case c) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            try {
                out.write(c.bytes());
                out.flush();
            } catch (IOException refusedMidway) {
                // The server answered before reading all of the body (a 413, a 401): read what it said.
            }
            InputStream in = s.getInputStream();
            String text;
            int status;
            do { // an interim 100 Continue comes before the answer
                text = head(in);
                if (text == null || !text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                    return new Answer(-1, Map.of(), text == null ? "" : text);
                }
                status = Integer.parseInt(text.substring(9, 12));
            } while (status < 200);
            Map<String, String> headers = new TreeMap<>();
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (c.method().equals("HEAD") || headers.getOrDefault("content-type", "").startsWith("text/event-stream")
                    || status == 204 || status == 304) {
                return new Answer(status, headers, "");
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
                body = chunked(in);
            } else {
                body = in.readAllBytes();
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The status line and headers up to the blank line; null when the connection was reset. */
    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        try {
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (java.net.SocketException reset) {
            return null;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(size));
            in.read();
            in.read();
        }
    }
}
