package io.flowgate.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP endpoint that misbehaves below HTTP, for the outbound faults: it resets every connection once the
 * request arrived, or answers bytes that are not HTTP and closes. (The {@link Receiver} covers slow and hanging
 * endpoints; it cannot break the protocol itself.)
 */
final class BadEndpoint implements AutoCloseable {
    enum Mode { RESET, GARBAGE }

    private final ServerSocket socket;
    private final Thread acceptor;

    BadEndpoint(Mode mode) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket c = socket.accept();
                    Thread.ofVirtual().start(() -> misbehave(c, mode));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void misbehave(Socket c, Mode mode) {
        try (c) {
            readHead(c.getInputStream());
            if (mode == Mode.RESET) {
                c.setSoLinger(true, 0); // close with RST, not FIN
            } else {
                c.getOutputStream().write("SMTP ready, not HTTP at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
            }
        } catch (IOException ignored) {
            // the client went away first
        }
    }

    /** Reads up to the end of the request head (the sender has written its request by then). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
