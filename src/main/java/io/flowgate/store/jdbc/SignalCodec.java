package io.flowgate.store.jdbc;

import io.flowgate.store.Signal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The text of a NOTIFY payload: the sending node's id on the first line, then one signal per line (its
 * kind's letter, then its subject). Many signals share one payload up to {@link #MAX_BYTES}, well under
 * PostgreSQL's 8,000-byte limit, so a batch of a thousand changes costs a handful of notifications.
 */
final class SignalCodec {
    static final int MAX_BYTES = 7_000;

    private SignalCodec() {}

    record Decoded(String node, List<Signal> signals) {}

    /** Packs {@code signals} (already free of repeats) into as few payloads as fit. */
    static List<String> encode(String node, Collection<Signal> signals) {
        List<String> payloads = new ArrayList<>();
        StringBuilder current = new StringBuilder(node);
        int bytes = utf8(node);
        boolean empty = true;
        for (Signal s : signals) {
            String line = "\n" + s.kind().code() + s.subject();
            int lineBytes = utf8(line);
            if (!empty && bytes + lineBytes > MAX_BYTES) {
                payloads.add(current.toString());
                current = new StringBuilder(node);
                bytes = utf8(node);
            }
            current.append(line);
            bytes += lineBytes;
            empty = false;
        }
        if (!empty) {
            payloads.add(current.toString());
        }
        return payloads;
    }

    /** Lines with an unknown kind (a newer node's) are skipped. */
    static Decoded decode(String payload) {
        String[] lines = payload.split("\n", -1);
        List<Signal> signals = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            Signal.Kind kind = line.isEmpty() ? null : Signal.Kind.of(line.charAt(0));
            if (kind != null) {
                signals.add(Signal.of(kind, line.substring(1)));
            }
        }
        return new Decoded(lines[0], signals);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
