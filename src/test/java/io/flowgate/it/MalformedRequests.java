package io.flowgate.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Generates malformed inbound webhook requests (a fixed seed, so a failure reproduces): broken JSON,
 * wrong content types, oversize bodies, invalid UTF-8, bad/expired signatures, missing or wrong auth,
 * header, query and path oddities.
 */
final class MalformedRequests {
    record Request(String head, byte[] body, String kind) {}

    private final Random random = new Random(20261123);
    private final String tokenHook;
    private final String hmacHook;
    private final String token;

    MalformedRequests(String tokenHook, String hmacHook, String token) {
        this.tokenHook = tokenHook;
        this.hmacHook = hmacHook;
        this.token = token;
    }

    List<Request> generate(int count) {
        List<Request> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            out.add(switch (i % 12) {
                case 0 -> brokenJson();
                case 1 -> wrongContentType();
                case 2 -> invalidUtf8();
                case 3 -> badSignature();
                case 4 -> expiredSignature();
                case 5 -> missingAuth();
                case 6 -> headerOddity();
                case 7 -> pathOddity();
                case 8 -> queryOddity();
                case 9 -> brokenMultipart();
                case 10 -> missingParameter();
                default -> i % 120 == 11 ? oversize() : brokenForm();
            });
        }
        return out;
    }

    private String authed(String path) {
        return "POST " + path + (path.contains("?") ? "&" : "?") + "token=" + token + " HTTP/1.1";
    }

    private Request json(String head, String body, String kind) {
        return new Request(head + "\r\nContent-Type: application/json", body.getBytes(StandardCharsets.UTF_8), kind);
    }

    private Request brokenJson() {
        String valid = "{\"order\": {\"id\": \"A" + random.nextInt(1000) + "\", \"items\": [1, 2, {\"x\": null}]}, \"n\": 1.5e3}";
        String broken = switch (random.nextInt(6)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 2));
            case 1 -> valid.replace(":", "");
            case 2 -> valid + "}";
            case 3 -> valid.replace("\"", "'");
            case 4 -> "{\"order\": " + "[".repeat(2000 + random.nextInt(2000));
            default -> new StringBuilder(valid).insert(random.nextInt(valid.length()), (char) random.nextInt(9)).toString();
        };
        return json(authed("/hooks/" + tokenHook), broken, "broken-json");
    }

    private Request wrongContentType() {
        String type = List.of("application/json; charset=utf-16", "multipart/form-data", "multipart/form-data; boundary=",
                "application/x-www-form-urlencoded", ";;;", "application/", "text/plain; charset=nope").get(random.nextInt(7));
        byte[] body = ("{\"a\": 1, \"b\": %zz &&== " + random.nextInt()).getBytes(StandardCharsets.UTF_8);
        return new Request(authed("/hooks/" + tokenHook) + "\r\nContent-Type: " + type, body, "content-type");
    }

    private Request invalidUtf8() {
        byte[] body = "{\"order\": {\"id\": \"xx\"}}".getBytes(StandardCharsets.UTF_8);
        body[15 + random.nextInt(2)] = (byte) (0x80 + random.nextInt(0x40));
        String type = List.of("application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml")
                .get(random.nextInt(4));
        return new Request(authed("/hooks/" + tokenHook) + "\r\nContent-Type: " + type, body, "utf8");
    }

    private Request badSignature() {
        long now = System.currentTimeMillis() / 1000;
        byte[] sig = new byte[32];
        random.nextBytes(sig);
        String value = List.of("v1," + Base64.getEncoder().encodeToString(sig), "v1,", "v2,abc", "", "v1,%%%",
                "v1," + "A".repeat(5000)).get(random.nextInt(6));
        return new Request("POST /hooks/" + hmacHook + " HTTP/1.1\r\nContent-Type: application/json\r\nwebhook-id: m"
                + random.nextInt() + "\r\nwebhook-timestamp: " + now + "\r\nwebhook-signature: " + value,
                "{}".getBytes(StandardCharsets.UTF_8), "bad-signature");
    }

    private Request expiredSignature() {
        long ts = System.currentTimeMillis() / 1000 - 301 - random.nextInt(100_000);
        String stamp = List.of(Long.toString(ts), "-1", "abc", "99999999999999999999", "").get(random.nextInt(5));
        return new Request("POST /hooks/" + hmacHook + " HTTP/1.1\r\nContent-Type: application/json\r\nwebhook-id: m"
                + random.nextInt() + "\r\nwebhook-timestamp: " + stamp + "\r\nwebhook-signature: v1,AAAA",
                "{}".getBytes(StandardCharsets.UTF_8), "expired-signature");
    }

    private Request missingAuth() {
        String extra = List.of("", "\r\nAuthorization: Bearer " + token, "\r\nAuthorization: Basic Zm9vOmJhcg==",
                "\r\nAuthorization: Bearer", "\r\nAuthorization: \u00ff\u00fe").get(random.nextInt(5));
        String q = List.of("", "?token=", "?token=fgw_" + random.nextInt(), "?token=" + token.substring(0, 10))
                .get(random.nextInt(4));
        return json("POST /hooks/" + tokenHook + q + " HTTP/1.1" + extra, "{\"order\": {\"id\": \"1\"}}", "auth");
    }

    private Request headerOddity() {
        String header = List.of("X-Long: " + "a".repeat(9000 + random.nextInt(9000)), "Content-Type: " + "x".repeat(3000),
                "Idempotency-Key: " + "k".repeat(300), "Idempotency-Key: ", "X-Bin: \u0001\u0002",
                "Content-Encoding: gzip", "Transfer-Encoding: identity").get(random.nextInt(7));
        return new Request(authed("/hooks/" + tokenHook) + "\r\n" + header, "{".getBytes(StandardCharsets.UTF_8),
                "header");
    }

    private Request pathOddity() {
        String path = List.of("/hooks/" + tokenHook + "/%2e%2e/x", "/hooks/" + tokenHook + "//", "/hooks/%00",
                "/hooks/" + tokenHook + "/" + "a/".repeat(300), "/hooks/" + tokenHook + "/%zz", "/hooks/",
                "/hooks/" + "h".repeat(3000), "/hooks/" + tokenHook + "/\u00e9t\u00e9", "/hooks/..%2f..%2fetc")
                .get(random.nextInt(9));
        return json("POST " + path + " HTTP/1.1", "{\"order\": {\"id\": \"1\"}}", "path");
    }

    private Request queryOddity() {
        String q = List.of("revision=-1", "revision=abc", "revision=99999999999", "revision=0", "%zz=1", "token=%",
                "a=" + "b".repeat(5000), "revision=7").get(random.nextInt(8));
        return json("POST /hooks/" + tokenHook + "?" + q + " HTTP/1.1", "{\"order\": {\"id\": \"1\"}}", "query");
    }

    private Request brokenMultipart() {
        String body = List.of("--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--",
                "--B\r\n\r\nno headers end", "no boundary at all", "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
                "--Bjunk").get(random.nextInt(5));
        return new Request(authed("/hooks/" + tokenHook) + "\r\nContent-Type: multipart/form-data; boundary=B",
                body.getBytes(StandardCharsets.UTF_8), "multipart");
    }

    private Request missingParameter() {
        return json(authed("/hooks/" + tokenHook), List.of("{}", "{\"order\": {}}", "{\"order\": {\"id\": 5}}",
                "[]", "\"text\"", "null", "{\"order\": null}").get(random.nextInt(7)), "params");
    }

    private Request brokenForm() {
        return new Request(authed("/hooks/" + tokenHook) + "\r\nContent-Type: application/x-www-form-urlencoded",
                List.of("a=%", "%zz", "a=%e9", "=&=&", "order.id=%ff").get(random.nextInt(5))
                        .getBytes(StandardCharsets.ISO_8859_1), "form");
    }

    private Request oversize() {
        byte[] body = new byte[1024 * 1024 + 1 + random.nextInt(1000)];
        java.util.Arrays.fill(body, (byte) 'a');
        return new Request(authed("/hooks/" + tokenHook) + "\r\nContent-Type: application/json", body, "oversize");
    }
}
