package io.flowgate.trigger.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flowgate.core.BadRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Seeded property-based fuzzing of the {@code multipart/form-data} reader (issue 15, point 3), through
 * {@link RequestBody#parse} as a webhook body arrives: bodies built from the multipart grammar and then broken
 * (missing, repeated, quoted, empty or over-long boundaries; parts without header end or closing boundary; bare LF
 * line breaks; truncation; huge headers; odd {@code Content-Disposition} parameters and {@code filename*}
 * encodings; invalid UTF-8 in fields; bodies near the size limit made of near-boundaries), and random bytes. Every
 * body ends in the parsed fields or a {@link BadRequestException} (the 400 a webhook caller gets) — never another
 * exception, never a hang (each case has 10 s). Fixed seeds, 1,000 cases per property in the suite;
 * {@code -Djqwik.tries.default=N} runs a longer search (docs/reliability.md#fuzzing).
 */
class MultipartFuzzTest {
    static final Duration PER_CASE = Duration.ofSeconds(10);
    /** The default request body limit ({@code --max-body}): the reader never sees more. */
    static final int MAX_BODY = 1024 * 1024;
    static int parsed;
    static int refused;

    static final List<String> BOUNDARIES = List.of("B", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a b", "\"quoted\"",
            "é😀", "--", "-", "x".repeat(70), "x".repeat(199), "x".repeat(201), "\r\n", "=", ";", "%", "\u0000");
    static final List<String> DISPOSITIONS = List.of("form-data; name=\"f\"", "form-data; name=f",
            "form-data; name=\"f\"; filename=\"a.txt\"", "form-data; name=\"f\"; filename=\"\"",
            "form-data; name=\"f\"; filename*=UTF-8''%C3%A9t%C3%A9.txt",
            "form-data; name=\"f\"; filename*=utf-8''%ZZ", "form-data; name=\"f\"; filename*=''",
            "form-data; name=\"f\"; filename=\"../../etc/passwd\"", "form-data; name=\"\"", "form-data",
            "form-data; name", "form-data; name=", "form-data; name=\"", "form-data; name=\"a\"; name=\"b\"",
            "attachment; filename=x", ";;;", "", "form-data; name=\"é😀\"", "form-data; name=\"a;b\"",
            "form-data; name=\"" + "n".repeat(5000) + "\"", "form-data; NAME=\"up\"; FILENAME=\"UP\"",
            "form-data; name=\"f\"; filename=\"a\\\"b\"");
    static final List<String> CONTENTS = List.of("", "value", "é😀", "\r\n", "--", "\r\n--B", "--B--", "{\"a\":1}",
            "x".repeat(10_000), "\u0000\u0001");

    @Property(seed = "20261126", shrinking = ShrinkingMode.OFF)
    void generated_bodies_are_parsed_or_refused(@ForAll("bodies") Body body) {
        check(body.contentType(), body.bytes());
    }

    @Property(seed = "20261127", shrinking = ShrinkingMode.OFF)
    void random_bytes_are_parsed_or_refused(@ForAll("bytes") byte[] bytes,
                                            @ForAll("contentTypes") String contentType) {
        check(contentType, bytes);
    }

    record Body(String contentType, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            return contentType + "\n" + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
        }
    }

    static void check(String contentType, byte[] bytes) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                RequestBody.Parsed p = RequestBody.parse(contentType, bytes);
                assertThat(p.body() == null || p.body().isObject()).as("fields as an object").isTrue();
                parsed++;
            } catch (BadRequestException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }, () -> "parsing took longer than " + PER_CASE + ": " + new Body(contentType, bytes));
    }

    @AfterContainer
    static void report() {
        System.out.println("MultipartFuzzTest: " + (parsed + refused) + " bodies, " + parsed + " parsed, " + refused
                + " refused with a 400, 0 other exceptions");
    }

    @Provide
    Arbitrary<Body> bodies() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            String boundary = r.nextInt(3) > 0 ? "B" + r.nextInt(1000) : pick(r, BOUNDARIES);
            String contentType = contentType(r, boundary);
            if (r.nextInt(40) == 0) {
                return new Body(contentType, nearBoundaries(r, boundary));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (r.nextInt(6) == 0) {
                write(out, "preamble\r\n");
            }
            int parts = r.nextInt(20) == 0 ? 1001 : r.nextInt(5);
            String eol = r.nextInt(10) == 0 ? "\n" : "\r\n";
            for (int i = 0; i < parts; i++) {
                write(out, "--" + boundary + eol);
                if (r.nextInt(8) > 0) {
                    write(out, "Content-Disposition: " + (r.nextInt(3) > 0 ? "form-data; name=\"f" + r.nextInt(3)
                            + "\"" + (r.nextBoolean() ? "; filename=\"f.bin\"" : "") : pick(r, DISPOSITIONS)) + eol);
                }
                if (r.nextInt(4) == 0) {
                    write(out, pick(r, List.of("Content-Type: text/plain", "Content-Type: ", "content-type:x/y",
                            "X-Long: " + "h".repeat(r.nextInt(20_000)), ": empty name", "no colon",
                            "Content-Transfer-Encoding: base64")) + eol);
                }
                if (r.nextInt(15) > 0) {
                    write(out, eol);
                }
                if (r.nextInt(4) == 0) {
                    byte[] raw = new byte[r.nextInt(200)];
                    r.nextBytes(raw);
                    out.writeBytes(raw);
                } else {
                    write(out, r.nextBoolean() ? "v" + i : pick(r, CONTENTS));
                }
                write(out, eol);
            }
            if (r.nextInt(5) > 0) {
                write(out, "--" + (r.nextInt(10) == 0 ? pick(r, BOUNDARIES) : boundary) + "--" + eol);
            }
            return new Body(contentType, mutated(r, out.toByteArray()));
        });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                Arbitraries.strings().withChars("-B\r\n:;=\"' abcdefmnort").ofMaxLength(300)
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("multipart/form-data; boundary=B", "multipart/form-data; boundary=\"B\"",
                "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=-",
                "MULTIPART/FORM-DATA; BOUNDARY=B", "multipart/form-data;boundary=B;boundary=C",
                "multipart/form-data; boundary=\"", "multipart/form-data; charset=utf-8; boundary=--");
    }

    static String contentType(Random r, String boundary) {
        return switch (r.nextInt(12)) {
            case 0 -> "multipart/form-data";
            case 1 -> "multipart/form-data; boundary=";
            case 2 -> "multipart/form-data; boundary=\"" + boundary + "\"";
            case 3 -> "multipart/form-data; boundary=" + boundary + "; boundary=other";
            case 4 -> "Multipart/Form-Data ; charset=utf-8 ; Boundary=" + boundary;
            case 5 -> "multipart/form-data; boundary=" + pick(r, BOUNDARIES);
            default -> "multipart/form-data; boundary=" + boundary;
        };
    }

    /** A body near the size limit made of almost-delimiters, the worst case for the boundary search. */
    static byte[] nearBoundaries(Random r, String boundary) {
        String almost = "\r\n--" + boundary.substring(0, Math.max(0, boundary.length() - 1));
        StringBuilder b = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n");
        while (b.length() + almost.length() < MAX_BODY) {
            b.append(almost);
        }
        if (r.nextBoolean()) {
            b.append("\r\n--").append(boundary).append("--");
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Most bodies are sent as built; some are cut short or get bytes deleted or inserted. */
    static byte[] mutated(Random r, byte[] body) {
        if (r.nextInt(3) > 0 || body.length == 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = r.nextInt(body.length);
        switch (r.nextInt(3)) {
            case 0 -> out.write(body, 0, at);
            case 1 -> {
                int resume = Math.min(body.length, at + 1 + r.nextInt(10));
                out.write(body, 0, at);
                out.write(body, resume, body.length - resume);
            }
            default -> {
                out.write(body, 0, at);
                write(out, pick(r, List.of("\r\n", "\r\n\r\n", "--", "\n", "\"", ";", "\u00ff")));
                out.write(body, at, body.length - at);
            }
        }
        return out.toByteArray();
    }

    static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
