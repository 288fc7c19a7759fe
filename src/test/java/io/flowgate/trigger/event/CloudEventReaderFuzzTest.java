package io.flowgate.trigger.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowgate.core.BadRequestException;
import io.flowgate.core.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Seeded property-based fuzzing of the CloudEvents reader (issue 15, point 3) in its three HTTP modes: structured
 * events built from the attribute grammar and then broken (values of the wrong type, huge, deep or unusual
 * Unicode; required attributes missing; bad {@code specversion}, {@code time}, {@code source} and
 * {@code dataschema}; extensions with odd names; every {@code data}/{@code data_base64} combination; text edits of
 * the written JSON), batches of them, binary events with {@code ce-*} headers, and random bytes under each content
 * type. Every case ends in events or a {@link BadRequestException} (the API's 400) — never another exception, never
 * a hang (each case has 10 s). Fixed seeds, 1,000 cases per property in the suite; {@code -Djqwik.tries.default=N}
 * runs a longer search (docs/reliability.md#fuzzing).
 */
class CloudEventReaderFuzzTest {
    static final Duration PER_CASE = Duration.ofSeconds(10);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String DEEP = "__deep__";
    static int read;
    static int refused;

    static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "data_base64");
    static final List<String> EXTENSION_NAMES = List.of("traceparent", "partitionkey", "comexampleext", "Ext",
            "ex-t", "ex_t", "", " ", "é", "😀", "a".repeat(300), "1abc", "DATA", "specVersion", "id ", "x.y", "\u0000");
    static final List<String> STRINGS = List.of("", " ", "1.0", "0.3", "2.0", "1", "x", "/src", "urn:x",
            "https://example.org/src", "::::", "%zz", "http://[::1", "a b", "é😀\u202e", "\u0000", "\uFFFF", "\\",
            "2026-11-26T12:00:00Z", "2026-11-26T12:00:00.123456789+01:00", "2026-13-45T25:61:61Z", "2026-11-26",
            "not a time", "9999999999-01-01T00:00:00Z", "application/json", "text/plain", "application/xml",
            "application/cloudevents+json", ";;;", "aGVsbG8=", "====", "@@@", "{\"a\":1}", "[1,2", "null",
            "x".repeat(10_000), "é".repeat(2000));

    @Property(seed = "20261126", shrinking = ShrinkingMode.OFF)
    void structured_events_are_read_or_refused(@ForAll("structured") String json) {
        check(CloudEventReader.STRUCTURED, Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(seed = "20261127", shrinking = ShrinkingMode.OFF)
    void batches_are_read_or_refused(@ForAll("batches") String json) {
        check(CloudEventReader.BATCH + "; charset=utf-8", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(seed = "20261128", shrinking = ShrinkingMode.OFF)
    void binary_events_are_read_or_refused(@ForAll("binary") BinaryEvent event) {
        check(event.contentType(), event.headers(), event.body());
    }

    @Property(seed = "20261129", shrinking = ShrinkingMode.OFF)
    void random_bytes_are_read_or_refused(@ForAll("bytes") byte[] body, @ForAll("contentTypes") String type) {
        check(type, Map.of(), body);
    }

    record BinaryEvent(String contentType, Map<String, List<String>> headers, byte[] body) {
        @Override
        public String toString() {
            return contentType + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    static void check(String contentType, Map<String, List<String>> headers, byte[] body) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                List<EventDocument> events = CloudEventReader.read(contentType, headers, body);
                for (EventDocument e : events) {
                    assertThat(e.id()).isNotBlank();
                    assertThat(e.type()).isNotBlank();
                    e.toJson();
                }
                read++;
            } catch (BadRequestException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }, () -> "reading took longer than " + PER_CASE + ": " + contentType + " " + headers + " "
                + new String(body, StandardCharsets.UTF_8));
    }

    @AfterContainer
    static void report() {
        System.out.println("CloudEventReaderFuzzTest: " + (read + refused) + " requests, " + read + " read, "
                + refused + " refused with a 400, 0 other exceptions");
    }

    @Provide
    Arbitrary<String> structured() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            return mutated(r, written(r, event(r)));
        });
    }

    @Provide
    Arbitrary<String> batches() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            if (r.nextInt(8) == 0) {
                return mutated(r, written(r, event(r))); // not an array
            }
            ArrayNode batch = NODES.arrayNode();
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                batch.add(r.nextInt(10) == 0 ? value(r, 1) : event(r));
            }
            return mutated(r, written(r, batch));
        });
    }

    @Provide
    Arbitrary<BinaryEvent> binary() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String attribute : List.of("specversion", "id", "source", "type")) {
                if (r.nextInt(8) > 0) {
                    headers.put("ce-" + attribute, List.of(attribute.equals("specversion") && r.nextBoolean() ? "1.0"
                            : r.nextInt(3) > 0 ? attribute + r.nextInt(10) : pick(r, STRINGS)));
                }
            }
            int extra = r.nextInt(5);
            for (int i = 0; i < extra; i++) {
                String name = "ce-" + pick(r, r.nextBoolean() ? ATTRIBUTES : EXTENSION_NAMES);
                List<String> values = new ArrayList<>();
                int n = r.nextInt(4) == 0 ? r.nextInt(3) : 1;
                for (int j = 0; j < n; j++) {
                    values.add(pick(r, STRINGS));
                }
                headers.put(name, values);
            }
            if (r.nextBoolean()) {
                headers.put("content-type", List.of(pick(r, STRINGS)));
            }
            String contentType = r.nextInt(4) == 0 ? null : pick(r, List.of("application/json", "text/plain",
                    "application/octet-stream", "", "application/json; charset=utf-16", "x/y; a=b"));
            byte[] body = r.nextBoolean() ? mutated(r, Json.write(value(r, 0))).getBytes(StandardCharsets.UTF_8)
                    : randomBytes(r, r.nextInt(300));
            return new BinaryEvent(contentType, headers, body);
        });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().withChars("{}[]:,\"\\ 0123456789.eE+-truefalsn").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(100).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(CloudEventReader.STRUCTURED, CloudEventReader.BATCH, "APPLICATION/CLOUDEVENTS+JSON",
                CloudEventReader.STRUCTURED + "; charset=utf-8", "application/json", "", ";", "text/plain");
    }

    /** A structured event from the attribute grammar, with each attribute kept, dropped or broken at random. */
    static ObjectNode event(Random r) {
        ObjectNode e = NODES.objectNode();
        e.put("specversion", r.nextInt(4) > 0 ? "1.0" : pick(r, STRINGS));
        e.put("id", "ev-" + r.nextInt(1000));
        e.put("source", r.nextInt(4) > 0 ? "/fuzz" : pick(r, STRINGS));
        e.put("type", "com.example.fuzz");
        if (r.nextBoolean()) {
            e.put("time", r.nextBoolean() ? "2026-11-26T12:00:00Z" : pick(r, STRINGS));
        }
        if (r.nextInt(3) == 0) {
            e.put("subject", pick(r, STRINGS));
        }
        if (r.nextInt(3) == 0) {
            e.put("datacontenttype", pick(r, STRINGS));
        }
        if (r.nextInt(5) == 0) {
            e.put("dataschema", pick(r, STRINGS));
        }
        switch (r.nextInt(5)) {
            case 0 -> e.set("data", value(r, 0));
            case 1 -> e.put("data_base64", pick(r, STRINGS));
            case 2 -> {
                e.set("data", value(r, 0));
                e.set("data_base64", value(r, 2));
            }
            case 3 -> e.put("data", DEEP);
            default -> { }
        }
        int extensions = r.nextInt(4);
        for (int i = 0; i < extensions; i++) {
            String name = r.nextBoolean() ? pick(r, EXTENSION_NAMES.subList(0, 3)) : pick(r, EXTENSION_NAMES);
            e.set(name, r.nextBoolean() ? NODES.textNode(pick(r, STRINGS)) : value(r, 2));
        }
        int broken = r.nextBoolean() ? 0 : 1 + r.nextInt(2);
        for (int i = 0; i < broken; i++) {
            String attribute = pick(r, ATTRIBUTES);
            if (r.nextInt(3) == 0) {
                e.remove(attribute);
            } else {
                e.set(attribute, value(r, 1));
            }
        }
        return e;
    }

    /**
     * The tree written as JSON, with the {@link #DEEP} marker replaced by deeply nested data, within Jackson's
     * nesting limit or past it (written as text: Jackson will not write past its limit).
     */
    static String written(Random r, JsonNode tree) {
        String json = Json.write(tree);
        String marker = "\"" + DEEP + "\"";
        if (!json.contains(marker)) {
            return json;
        }
        int depth = pick(r, List.of(10, 200, 999, 1001, 5000));
        boolean arrays = r.nextBoolean();
        String deep = (arrays ? "[" : "{\"a\":").repeat(depth) + "\"bottom\"" + (arrays ? "]" : "}").repeat(depth);
        return json.replace(marker, deep);
    }

    static JsonNode value(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(5) : r.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.textNode(pick(r, STRINGS));
            case 1 -> switch (r.nextInt(4)) {
                case 0 -> NODES.numberNode(Long.MIN_VALUE);
                case 1 -> NODES.numberNode(1e308);
                case 2 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
                default -> NODES.numberNode(r.nextInt(2000) - 1000);
            };
            case 2 -> NODES.booleanNode(r.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.binaryNode(randomBytes(r, r.nextInt(20)));
            case 5, 6 -> {
                ObjectNode o = NODES.objectNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(pick(r, r.nextBoolean() ? ATTRIBUTES : EXTENSION_NAMES), value(r, depth + 1));
                }
                yield o;
            }
            default -> {
                ArrayNode a = NODES.arrayNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth + 1));
                }
                yield a;
            }
        };
    }

    /** Most documents are sent as written; some get a few character edits (broken JSON, odd escapes). */
    static String mutated(Random r, String text) {
        if (r.nextInt(3) > 0 || text.isEmpty()) {
            return text;
        }
        StringBuilder t = new StringBuilder(text);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !t.isEmpty(); i++) {
            int at = r.nextInt(t.length());
            switch (r.nextInt(3)) {
                case 0 -> t.deleteCharAt(at);
                case 1 -> t.insert(at, pick(r, List.of("{", "}", "[", "]", ",", ":", "\"", "\\u", "\\ud800", "\u0000",
                        "1e999999", "-", "null", "\"specversion\":\"1.0\",")));
                default -> t.setLength(at);
            }
        }
        return t.toString();
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
