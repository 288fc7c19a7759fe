package io.flowgate.delivery;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the smallest keep-alive HTTP/1.1 peer that answers every POST with 200 (after an
 * optional delay), for the delivery benchmark. The JDK's HttpServer costs more CPU per request than
 * the sender it is meant to measure on a 2-core machine.
 */
final class BenchReceiver implements AutoCloseable {
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final long delayMillis;
    final AtomicLong requests = new AtomicLong();

    BenchReceiver(long delayMillis) throws IOException {
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.delayMillis = delayMillis;
        Thread.ofVirtual().start(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                int length = headers(in);
                if (length < 0) {
                    return;
                }
                in.skipNBytes(length);
                requests.incrementAndGet();
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis); // the peer hangs on purpose
                }
                out.write(OK);
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the client closed or gave up
        }
    }

    /** Reads one request head; returns its Content-Length, or -1 at end of stream. */
    private static int headers(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        boolean any = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            any = true;
            if (c == '\n') {
                String l = line.toString().trim();
                if (l.isEmpty()) {
                    return length;
                }
                if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
                line.setLength(0);
            } else if (any) {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
