package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.alertgate.http.SlackSignature;
import io.alertgate.slack.FakeSlack;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hot reload ({@code POST /-/reload}) applies to a running gateway, over real HTTP: a rotated
 * signing secret, a changed escalation target and a changed {@code alertmanager} section apply to
 * the next interaction or step; a changed listen address is answered as {@code restart_required}.
 */
class ReloadScopeGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "reload-scope-admin-token-0123456789";
    private static final String OLD_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String NEW_SECRET = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
    private static final Duration AWAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final EscalationGatewayTest.TestClock clock = new EscalationGatewayTest.TestClock();
    private FakeSlack slack;
    private Gateway gateway;
    private Path file;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
    }

    /** A tenant escalating critical groups to {@code #level1} after 5 minutes, then to {@code level2} after 5 more. */
    private String config(String listen, String secret, String level2, URI alertmanager) {
        return """
                server:
                  listen: %s
                  slack_api_url: "%s"
                  admin_token: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        alertmanager: {url: "%s", timeout_ms: 2000}
                        slack:
                          app_config: {bot_token: "${BOT}", signing_secret: "%s"}
                          channels: {default: "#alerts"}
                          escalation:
                            enabled: true
                            levels:
                              - {level: 1, delay_minutes: 5, targets: ["#level1"]}
                              - {level: 2, delay_minutes: 5, targets: ["%s"]}
                """.formatted(listen, slack.apiBase(), ADMIN_TOKEN, alertmanager, secret, level2);
    }

    private void start(String yaml) throws Exception {
        file = dir.resolve("alertgate.yaml");
        Files.writeString(file, yaml);
        Map<String, String> env = Map.of("BOT", FakeSlack.TOKEN);
        gateway = Gateway.start(Gateway.loadConfig(file, env),
                new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out, e -> {}, env));
        gateway.enableReload(file, env, false);
    }

    private Map<String, Object> reload(String yaml) throws Exception {
        Files.writeString(file, yaml);
        HttpResponse<String> r = post("/-/reload", "", Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.std.mapFrom(r.body());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(AWAIT);
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Slack button press ({@code block_actions}) signed with {@code secret}, as Slack sends it. */
    private HttpResponse<String> press(String actionId, String value, String secret) throws Exception {
        String payload = JSON.std.asString(Map.of("type", "block_actions", "user", Map.of("id", "U0ALICE", "username", "alice"),
                "actions", List.of(Map.of("action_id", actionId, "value", value))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String ts = Long.toString(clock.now.getEpochSecond());
        String sig = "v0=" + SlackSignature.hmacHex(secret.getBytes(StandardCharsets.UTF_8), ts,
                body.getBytes(StandardCharsets.UTF_8));
        return post("/slack/interactions", body, Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig,
                "Content-Type", "application/x-www-form-urlencoded"));
    }

    /** Posts a critical group and returns the value of its message's {@code actionId} button. */
    @SuppressWarnings("unchecked")
    private String criticalGroupButton(String actionId) throws Exception {
        assertEquals(202, post("/api/v1/alerts/acme", EscalationGatewayTest.CRITICAL, Map.of()).statusCode());
        FakeSlack.Received m = slack.awaitMessages(1, AWAIT).get(0);
        for (Object b : (List<Object>) m.body().get("blocks")) {
            Map<String, Object> block = (Map<String, Object>) b;
            if (!"actions".equals(block.get("type"))) continue;
            for (Object e : (List<Object>) block.get("elements")) {
                Map<String, Object> el = (Map<String, Object>) e;
                if (actionId.equals(el.get("action_id"))) return (String) el.get("value");
            }
        }
        throw new AssertionError("no " + actionId + " button in " + m.body());
    }

    private static URI unreachable() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void reload_withANewSigningSecret_acceptsTheNewSignatureAndRefusesTheOld() throws Exception {
        slack = FakeSlack.start();
        URI am = unreachable();
        start(config("127.0.0.1:0", OLD_SECRET, "#level2", am));
        String id = criticalGroupButton("alertgate_ack");

        Map<String, Object> answer = reload(config("127.0.0.1:0", NEW_SECRET, "#level2", am));
        assertEquals(List.of(), answer.get("restart_required"), answer.toString());

        assertEquals(401, press("alertgate_ack", id, OLD_SECRET).statusCode(), "the rotated-out secret");
        HttpResponse<String> ok = press("alertgate_ack", id, NEW_SECRET);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("acknowledged", JSON.std.mapFrom(ok.body()).get("result"));
    }

    @Test
    void reload_changingTheLevelTwoTarget_sendsTheNextStepToTheNewTarget() throws Exception {
        slack = FakeSlack.start();
        URI am = unreachable();
        start(config("127.0.0.1:0", OLD_SECRET, "#level2-old", am));
        criticalGroupButton("alertgate_ack");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertEquals("#level1", slack.awaitMessages(2, AWAIT).get(1).body().get("channel"));

        reload(config("127.0.0.1:0", OLD_SECRET, "#level2-new", am));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        FakeSlack.Received step2 = slack.awaitMessages(3, AWAIT).get(2);
        assertEquals("#level2-new", step2.body().get("channel"));
        assertTrue(((String) step2.body().get("text")).contains("Escalation level 2"), step2.body().toString());
    }

    @Test
    void reload_changingTheAlertmanagerUrl_sendsTheNextSilenceToTheNewAlertmanager() throws Exception {
        BlockingQueue<Map<String, Object>> silences = new LinkedBlockingQueue<>();
        HttpServer am = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        am.createContext("/api/v2/silences", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                silences.add(JSON.std.mapFrom(in.readAllBytes()));
                byte[] b = "{\"silenceID\":\"reloaded-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, b.length);
                exchange.getResponseBody().write(b);
            }
        });
        am.start();
        try {
            slack = FakeSlack.start();
            clock.now = Instant.now(); // a silence's window is checked against Alertmanager's idea of now
            start(config("127.0.0.1:0", OLD_SECRET, "#level2", unreachable()));
            String value = criticalGroupButton("alertgate_silence_1h");

            reload(config("127.0.0.1:0", OLD_SECRET, "#level2", URI.create("http://127.0.0.1:" + am.getAddress().getPort())));
            assertEquals(200, press("alertgate_silence_1h", value, OLD_SECRET).statusCode());
            Map<String, Object> silence = silences.poll(AWAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(silence != null, "the reloaded alertmanager.url got the silence");
            assertTrue(String.valueOf(silence.get("createdBy")).contains("alice"), silence.toString());
        } finally {
            am.stop(0);
        }
    }

    @Test
    void reload_changingTheListenAddress_isAppliedElsewhereAndNamesServerListenAsRestartRequired() throws Exception {
        slack = FakeSlack.start();
        URI am = unreachable();
        start(config("127.0.0.1:0", OLD_SECRET, "#level2-old", am));
        int port = gateway.port();
        java.util.logging.Logger app = java.util.logging.Logger.getLogger("io.alertgate.app");
        BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        app.addHandler(capture);
        Map<String, Object> answer;
        try {
            answer = reload(config("127.0.0.1:9", OLD_SECRET, "#level2-new", am));
        } finally {
            app.removeHandler(capture);
        }
        assertEquals("reloaded", answer.get("status"));
        assertEquals(List.of("server.listen"), answer.get("restart_required"));
        assertEquals("config reload did not apply server.listen: these take effect on restart", warnings.poll());
        assertEquals(port, gateway.port(), "still listening where it started");
        assertEquals("#level2-new", gateway.config().tenant("acme").orElseThrow().escalation().levels().get(1)
                .targets().get(0).spec(), "the rest of the file was applied");

        // Reloading the same file again still says so: the listener was built from the start config.
        assertEquals(List.of("server.listen"), reload(config("127.0.0.1:9", OLD_SECRET, "#level2-new", am))
                .get("restart_required"));
        assertEquals(List.of(), reload(config("127.0.0.1:0", OLD_SECRET, "#level2-new", am)).get("restart_required"));
    }
}
