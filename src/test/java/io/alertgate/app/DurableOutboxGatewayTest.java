package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The durable outbox and Redis dead letters inside a running gateway on a real redis-server: no
 * 2xx without a durable write, dead letters that outlive the process, and messages whose
 * destination left the config.
 */
class DurableOutboxGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private FakeSlack slack;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.startAppendOnly();
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        slack.close();
        redis.close();
    }

    private void startGateway(String webhookName) throws Exception {
        gateway = replica(webhookName, "gateway-test", "");
    }

    /** A gateway on the test's Redis as consumer {@code consumer}; {@code redisExtra} adds keys to the redis section. */
    private Gateway replica(String webhookName, String consumer, String redisExtra) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  admin_token: %s
                  drain_timeout_ms: 200
                redis:
                  url: "%s"
                  consumer_name: %s
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            %s: "%s"
                          channels:
                            default: webhook:%s
                          rate_limiting: {enabled: false}
                """.formatted(ADMIN_TOKEN, redis.url(), consumer, redisExtra.indent(2).stripTrailing(), webhookName,
                slack.webhookUrl(webhookName), webhookName), null);
        return Gateway.start(config, Gateway.Options.defaults());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webhook_whileRedisIsDown_answers503WithRetryAfterAndNothingIsSent() throws Exception {
        startGateway("ops");
        redis.stop();
        HttpResponse<String> r = send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID);
        assertEquals(503, r.statusCode(), r.body());
        assertFalse(r.headers().firstValue("Retry-After").isEmpty());
        assertEquals(List.of(), slack.received());

        redis.startAgain();
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode(),
                "accepted again once Redis is back (Alertmanager's retry)");
        slack.awaitMessages(1, AWAIT);
    }

    @Test
    void deadLetters_whileRedisIsDown_answer503WithRetryAfter_notAnEmptyList_andReplayLikewise() throws Exception {
        startGateway("ops");
        slack.failNext(FakeSlack.webhookPath("ops"), 410, "channel_is_archived", Map.of());
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
        @SuppressWarnings("unchecked")
        String id = (String) ((List<Map<String, Object>>) awaitDeadLetters(1).get("deadletters")).get(0).get("id");
        redis.stop();

        HttpResponse<String> listed = send("GET", "/api/v1/deadletters", ADMIN_TOKEN, null);
        assertEquals(503, listed.statusCode(), listed.body());
        assertEquals("dead letters unavailable, retry", com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(listed.body()).get("error"));
        assertFalse(listed.headers().firstValue("Retry-After").isEmpty());
        HttpResponse<String> replay = send("POST", "/api/v1/deadletters/" + id + "/replay", ADMIN_TOKEN, "");
        assertEquals(503, replay.statusCode(), replay.body());
        assertEquals("dead letters unavailable, retry", com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(replay.body()).get("error"));
        assertFalse(replay.headers().firstValue("Retry-After").isEmpty());

        redis.startAgain();
        assertEquals(1, ((Number) awaitDeadLetters(1).get("count")).intValue(), "the letter waited in Redis");
    }

    @Test
    void deadLetters_outliveTheGatewayAndReplayFromTheNextOne() throws Exception {
        startGateway("ops");
        slack.failNext(FakeSlack.webhookPath("ops"), 410, "channel_is_archived", Map.of());
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
        awaitDeadLetters(1);
        gateway.close();

        startGateway("ops");
        Map<String, Object> listed = awaitDeadLetters(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> letter = ((List<Map<String, Object>>) listed.get("deadletters")).get(0);
        assertEquals("webhook:ops", letter.get("destination"));
        assertEquals("channel_is_archived", letter.get("error_code"));
        assertFalse(listed.toString().contains("secretops"), "the webhook URL never appears");
        try (RedisClient c = RedisClient.create("127.0.0.1", redis.port())) {
            assertFalse(String.valueOf(c.eval("return redis.call('XRANGE', KEYS[1], '-', '+')",
                    List.of("alertgate:deadletters"), List.of())).contains("secretops"),
                    "nor in Redis");
        }
        HttpResponse<String> replay = send("POST", "/api/v1/deadletters/" + letter.get("id") + "/replay", ADMIN_TOKEN, "");
        assertEquals(202, replay.statusCode(), replay.body());
        assertEquals(FakeSlack.webhookPath("ops"), slack.awaitMessages(1, AWAIT).get(0).path());
        assertEquals(404, send("POST", "/api/v1/deadletters/" + letter.get("id") + "/replay", ADMIN_TOKEN, "").statusCode());
        assertEquals(0, ((Number) awaitDeadLetters(0).get("count")).intValue());
    }

    @Test
    void queuedMessage_whoseDestinationLeftTheConfig_isADeadLetterAfterTheRestart() throws Exception {
        startGateway("ops");
        slack.refuseAll(true);
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
        gateway.close(); // the drain times out: the message stays in the durable outbox
        gateway = null;
        slack.refuseAll(false);

        startGateway("spare");
        Map<String, Object> listed = awaitDeadLetters(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> letter = ((List<Map<String, Object>>) listed.get("deadletters")).get(0);
        assertEquals("webhook:ops", letter.get("destination"));
        assertEquals("destination_gone", letter.get("reason"));
        assertEquals("destination_not_configured", letter.get("error_code"));
        assertEquals(List.of(), slack.received().stream().filter(FakeSlack.Received::accepted).toList());
    }

    @Test
    void entriesOfAStoppedReplica_areTakenOverByTwoOthers_andEachIsDeliveredOnce() throws Exception {
        startGateway("ops");
        slack.refuseAll(true);
        int n = 12;
        for (int i = 0; i < n; i++) {
            String body = GatewayHttpTest.VALID.replace("HighLatency", "Alert" + i).replace("abc123", "fp" + i);
            assertEquals(202, send("POST", "/api/v1/alerts/acme", null, body).statusCode());
        }
        gateway.close(); // stops touching its entries; the drain times out and leaves them in Redis
        gateway = null;
        slack.refuseAll(false);

        String quick = "outbox_claim_idle_seconds: 5";
        try (Gateway b = replica("ops", "replica-b", quick); Gateway c = replica("ops", "replica-c", quick)) {
            slack.awaitMessages(n, AWAIT);
            try (RedisClient r = RedisClient.create("127.0.0.1", redis.port())) {
                long deadline = System.nanoTime() + AWAIT.toNanos();
                while (r.xlen("alertgate:{acme}:outbox") > 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(0L, r.xlen("alertgate:{acme}:outbox"));
            }
            Map<String, Long> perAlert = new java.util.TreeMap<>();
            for (FakeSlack.Received r : slack.received()) {
                if (!r.accepted()) continue;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Alert\\d+").matcher(String.valueOf(r.body()));
                perAlert.merge(m.find() ? m.group() : "?", 1L, Long::sum);
            }
            assertEquals(n, perAlert.size(), perAlert.toString());
            assertEquals(java.util.Set.of(1L), java.util.Set.copyOf(perAlert.values()), perAlert.toString());
        }
    }

    private Map<String, Object> awaitDeadLetters(int n) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            HttpResponse<String> r = send("GET", "/api/v1/deadletters", ADMIN_TOKEN, null);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = JSON.std.mapFrom(r.body());
            if (n == 0 ? ((Number) body.get("count")).intValue() == 0 : ((Number) body.get("count")).intValue() >= n) return body;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("expected " + n + " dead letters: " + r.body());
            Thread.sleep(10);
        }
    }
}
