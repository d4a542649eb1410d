package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook endpoint over real HTTP: every kind of bad input gets its 4xx, and the next valid one is delivered. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String VALID = """
            {"version":"4","groupKey":"{}:{alertname=\\"HighLatency\\"}","truncatedAlerts":0,"status":"firing",
             "receiver":"alertgate","groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency"},
             "commonAnnotations":{},"externalURL":"http://am.example.test",
             "alerts":[{"status":"firing","labels":{"alertname":"HighLatency","severity":"warning"},
               "annotations":{"summary":"p99 over 1s"},"startsAt":"2026-11-30T01:00:00.123456789+01:00",
               "endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"abc123"}]}
            """;

    private FakeSlack slack;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  max_body_bytes: 65536
                  max_nesting_depth: 16
                dedup: {ttl_seconds: 0}   # these tests post the same payload again and again (DedupGatewayTest covers dedup)
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                """.formatted(slack.webhookUrl("ops")), null);
        gateway = Gateway.start(config, Gateway.Options.defaults());
    }

    @AfterAll
    void stop() {
        gateway.close();
        slack.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Stream<Arguments> badInputs() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        return Stream.of(
                Arguments.of("not JSON", "this is not json".getBytes(StandardCharsets.UTF_8), 400, ""),
                Arguments.of("top level not an object", "[1,2]".getBytes(StandardCharsets.UTF_8), 400, ""),
                Arguments.of("alerts not a list", VALID.replaceFirst("\"alerts\":\\[", "\"alerts\":{\"x\":").replace("}]}", "}}}")
                        .getBytes(StandardCharsets.UTF_8), 400, "alerts"),
                Arguments.of("label value not a string", VALID.replace("\"severity\":\"warning\"", "\"severity\":3")
                        .getBytes(StandardCharsets.UTF_8), 400, "alerts[0].labels.severity"),
                Arguments.of("status unknown", VALID.replace("\"status\":\"firing\",\n", "\"status\":\"burning\",\n")
                        .getBytes(StandardCharsets.UTF_8), 400, "status"),
                Arguments.of("timestamp not RFC 3339", VALID.replace("2026-11-30T01:00:00.123456789+01:00", "yesterday")
                        .getBytes(StandardCharsets.UTF_8), 400, "alerts[0].startsAt"),
                Arguments.of("duplicate key", VALID.replace("\"receiver\":\"alertgate\"", "\"receiver\":\"a\",\"receiver\":\"b\"")
                        .getBytes(StandardCharsets.UTF_8), 400, "receiver"),
                Arguments.of("invalid UTF-8", invalidUtf8(), 400, ""),
                Arguments.of("nesting too deep", deep.getBytes(StandardCharsets.UTF_8), 400, ""),
                Arguments.of("missing alerts", "{\"version\":\"4\",\"status\":\"firing\"}".getBytes(StandardCharsets.UTF_8), 400, "alerts"));
    }

    private static byte[] invalidUtf8() {
        byte[] valid = VALID.replace("p99 over 1s", "p99 XX 1s").getBytes(StandardCharsets.UTF_8);
        String s = new String(valid, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("XX");
        valid[at] = (byte) 0xC0; // an overlong lead byte: never valid UTF-8
        valid[at + 1] = (byte) 0xAF;
        return valid;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void post_badInput_answers4xxWithPathThenServesTheNextValidOne(String kind, byte[] body, int status, String path)
            throws Exception {
        int before = slack.received().size();
        HttpResponse<String> bad = post("/api/v1/alerts/acme", body);
        assertEquals(status, bad.statusCode(), kind + ": " + bad.body());
        Map<String, Object> error = JSON.std.mapFrom(bad.body());
        assertTrue(error.get("error") instanceof String s && !s.isBlank(), bad.body());
        if (!path.isEmpty()) assertEquals(path, error.get("path"), bad.body());
        assertFalse(bad.body().contains("Exception"), "no stack trace: " + bad.body());

        HttpResponse<String> ok = post("/api/v1/alerts/acme", VALID.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, ok.statusCode(), ok.body());
        slack.awaitMessages(before + 1, Duration.ofSeconds(10));
    }

    @Test
    void post_withAContentEncoding_answers415NamingTheHeader_butIdentityIsPlainJson() throws Exception {
        for (String encoding : List.of("gzip", "br", "identity, gzip")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/alerts/acme")).header("Content-Type", "application/json")
                    .header("Content-Encoding", encoding).POST(HttpRequest.BodyPublishers.ofString(VALID)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, r.statusCode(), encoding + ": " + r.body());
            assertEquals("Content-Encoding", JSON.std.mapFrom(r.body()).get("path"), r.body());
        }
        HttpResponse<String> identity = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/alerts/acme"))
                .header("Content-Type", "application/json").header("Content-Encoding", "identity")
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, identity.statusCode(), identity.body());
    }

    @Test
    void post_bodyOverLimit_answers413() throws Exception {
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = post("/api/v1/alerts/acme", big);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals(202, post("/api/v1/alerts/acme", VALID.getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void post_chunkedBodyOverLimit_answers413WhileStreaming() throws Exception {
        // No Content-Length: the limit must be enforced while reading.
        try (Socket s = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = " ".repeat(16_384).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 8; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may close the connection once it has answered.
            }
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void post_unknownTenant_answers404() throws Exception {
        HttpResponse<String> r = post("/api/v1/alerts/nobody", VALID.getBytes(StandardCharsets.UTF_8));
        assertEquals(404, r.statusCode());
        assertEquals("tenant", JSON.std.mapFrom(r.body()).get("path"));
    }

    @Test
    void get_onWebhook_answers405WithAllow() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/alerts/acme")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void healthz_answersOk() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(uri("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
    }
}
