package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.http.SlackSignature;
import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation inside a running gateway on a real redis-server, over real HTTP: a critical group's
 * message carries Acknowledge, a step fires after its delay, a signed Slack interaction stops it,
 * and a resolve stops another.
 */
class EscalationGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Duration AWAIT = Duration.ofSeconds(10);
    static final String CRITICAL = GatewayHttpTest.VALID.replace("\"severity\":\"warning\"", "\"severity\":\"critical\"");

    /** A clock the test moves; the gateway's scheduler and signature window read it. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-30T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private FakeSlack slack;
    private RedisServer redis;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
        if (redis != null) redis.close();
    }

    private final java.util.concurrent.CountDownLatch firstPostRemembered = new java.util.concurrent.CountDownLatch(1);

    private void start() throws Exception {
        slack = FakeSlack.start();
        redis = RedisServer.start();
        GatewayConfig config = new ConfigLoader(Map.of("BOT", FakeSlack.TOKEN), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  slack_api_url: "%s"
                  admin_token: "%s"
                redis:
                  url: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config: {bot_token: "${BOT}", signing_secret: "%s"}
                          channels: {default: "#alerts"}
                          escalation:
                            enabled: true
                            levels: [{level: 1, delay_minutes: 5, targets: ["#oncall"]}]
                """.formatted(slack.apiBase(), ADMIN_TOKEN, redis.url(), SIGNING_SECRET), null);
        gateway = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out,
                e -> {
                    // Told after the (channel, ts) of a successful post is remembered.
                    if (e instanceof io.alertgate.delivery.DeliveryEvent.Attempted a && a.result().ok()) {
                        firstPostRemembered.countDown();
                    }
                }));
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> escalations() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/escalations"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.std.mapFrom(r.body());
    }

    private HttpResponse<String> interaction(String escalationId, String secret, long timestamp) throws Exception {
        String payload = JSON.std.asString(Map.of("type", "block_actions", "user", Map.of("id", "U0ALICE", "username", "alice"),
                "actions", List.of(Map.of("action_id", "alertgate_ack", "value", escalationId))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String ts = Long.toString(timestamp);
        String sig = "v0=" + SlackSignature.hmacHex(secret.getBytes(StandardCharsets.UTF_8), ts,
                body.getBytes(StandardCharsets.UTF_8));
        return post("/slack/interactions", body, Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig,
                "Content-Type", "application/x-www-form-urlencoded"));
    }

    @SuppressWarnings("unchecked")
    private static String ackValue(FakeSlack.Received m) {
        for (Object b : (List<Object>) m.body().get("blocks")) {
            Map<String, Object> block = (Map<String, Object>) b;
            if (!"actions".equals(block.get("type"))) continue;
            for (Object e : (List<Object>) block.get("elements")) {
                Map<String, Object> el = (Map<String, Object>) e;
                if ("alertgate_ack".equals(el.get("action_id"))) return (String) el.get("value");
            }
        }
        throw new AssertionError("no Acknowledge button in " + m.body());
    }

    @Test
    void criticalGroup_escalatesAfterItsDelay_andASignedAcknowledgeStopsIt() throws Exception {
        start();
        assertEquals(202, post("/api/v1/alerts/acme", CRITICAL, Map.of()).statusCode());
        FakeSlack.Received first = slack.awaitMessages(1, AWAIT).get(0);
        String id = ackValue(first);
        assertTrue(id.startsWith("acme."), id);
        assertEquals(1, escalations().get("count"));

        clock.now = clock.now.plus(Duration.ofMinutes(5));
        List<FakeSlack.Received> two = slack.awaitMessages(2, AWAIT);
        FakeSlack.Received step = two.get(1);
        assertEquals("#oncall", step.body().get("channel"));
        assertTrue(((String) step.body().get("text")).contains("Escalation level 1"), step.body().toString());
        assertEquals(id, ackValue(step));

        long now = clock.now.getEpochSecond();
        assertEquals(401, interaction(id, "wrong-secret-0000000000000000", now).statusCode());
        assertEquals(401, interaction(id, SIGNING_SECRET, now - 301).statusCode(), "a replayed old request");
        HttpResponse<String> ok = interaction(id, SIGNING_SECRET, now);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("acknowledged", JSON.std.mapFrom(ok.body()).get("result"));
        assertEquals(0, escalations().get("count"));
        assertEquals(409, post("/api/v1/escalations/" + id + "/ack", "", Map.of("Authorization", "Bearer " + ADMIN_TOKEN))
                .statusCode());
    }

    @Test
    void resolve_stopsTheEscalation_andTheApiAcknowledgesAnother() throws Exception {
        start();
        assertEquals(202, post("/api/v1/alerts/acme", CRITICAL, Map.of()).statusCode());
        String id = ackValue(slack.awaitMessages(1, AWAIT).get(0));
        // The resolve edits the first message only once its (channel, ts) is known: wait for that.
        assertTrue(firstPostRemembered.await(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(202, post("/api/v1/alerts/acme", CRITICAL.replace("\"status\":\"firing\"", "\"status\":\"resolved\""),
                Map.of()).statusCode());
        assertEquals(0, escalations().get("count"));
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertEquals(0, gateway.escalations().poll());

        // It fires again: Prometheus gives the new firing a new startsAt (else it is a duplicate of the first).
        assertEquals(202, post("/api/v1/alerts/acme", CRITICAL.replace("2026-11-30T01:00:00.123456789+01:00",
                "2026-11-30T02:30:00Z"), Map.of()).statusCode());
        // firing, the resolve's edit (chat.update) and thread reply, firing again
        List<FakeSlack.Received> parents = slack.awaitMessages(4, AWAIT).stream()
                .filter(m -> m.path().equals("/api/chat.postMessage") && !m.body().containsKey("thread_ts")).toList();
        assertEquals(2, parents.size(), parents.toString());
        String second = ackValue(parents.get(1));
        assertTrue(!second.equals(id));
        assertEquals(401, post("/api/v1/escalations/" + second + "/ack", "", Map.of()).statusCode());
        HttpResponse<String> r = post("/api/v1/escalations/" + second + "/ack", "{\"by\":\"bob\"}",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(404, post("/api/v1/escalations/acme.0000000000000000/ack", "",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode());
    }
}
