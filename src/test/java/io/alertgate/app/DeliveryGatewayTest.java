package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.slack.FakeSlack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery engine inside a running gateway, over real HTTP on both sides: an archived channel's
 * messages reach the fallback, and dead letters are listed and replayed behind the admin token.
 */
class DeliveryGatewayTest {
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final Duration AWAIT = RunningGateway.AWAIT;

    private final FakeSlack slack;
    private RunningGateway gateway;

    DeliveryGatewayTest() throws Exception {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        slack.close();
    }

    private void start(String serverExtra, String fallbackLine) throws Exception {
        gateway = RunningGateway.start("""
                server:
                  listen: 127.0.0.1:0
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                            spare: "%s"
                          channels:
                            default: webhook:ops
                %s
                """.formatted(serverExtra.indent(2).stripTrailing(), slack.webhookUrl("ops"), slack.webhookUrl("spare"),
                fallbackLine.indent(12).stripTrailing()));
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return gateway.send(method, path, token, body);
    }

    private void archiveOps() {
        slack.failNext(FakeSlack.webhookPath("ops"), 410, "channel_is_archived", Map.of());
    }

    @Test
    void archivedChannel_withFallback_fallbackReceivesTheMessageWithAMeantForLine() throws Exception {
        start("", "fallback: webhook:spare");
        archiveOps();
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());

        List<FakeSlack.Received> got = slack.awaitMessages(1, AWAIT);
        assertEquals(FakeSlack.webhookPath("spare"), got.get(0).path());
        String text = (String) got.get(0).body().get("text");
        assertTrue(text.startsWith("Meant for webhook:ops, which refused it (channel_is_archived)"), text);
        assertEquals(2, slack.received().size(), "the archived channel was tried once, never retried");
    }

    @Test
    void deadLetters_areListedAndReplayedWithTheAdminToken() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        archiveOps();
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());

        Map<String, Object> listed = awaitDeadLetters(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> letter = ((List<Map<String, Object>>) listed.get("deadletters")).get(0);
        assertEquals("webhook:ops", letter.get("destination"));
        assertEquals("channel_gone", letter.get("reason"));
        assertEquals("channel_is_archived", letter.get("error_code"));
        assertFalse(listed.toString().contains("secretops"), "the webhook URL never appears");

        HttpResponse<String> replay = send("POST", "/api/v1/deadletters/" + letter.get("id") + "/replay", ADMIN_TOKEN, "");
        assertEquals(202, replay.statusCode(), replay.body());
        assertEquals(FakeSlack.webhookPath("ops"), slack.awaitMessages(1, AWAIT).get(0).path());
        assertEquals(404, send("POST", "/api/v1/deadletters/" + letter.get("id") + "/replay", ADMIN_TOKEN, "").statusCode());
    }

    @Test
    void deadLetters_withoutOrWithAWrongToken_answer401() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        assertEquals(401, send("GET", "/api/v1/deadletters", null, null).statusCode());
        assertEquals(401, send("GET", "/api/v1/deadletters", "wrong-token-wrong-token", null).statusCode());
        assertEquals(401, send("POST", "/api/v1/deadletters/dl-1/replay", null, "").statusCode());
        assertEquals(200, send("GET", "/api/v1/deadletters", ADMIN_TOKEN, null).statusCode());
    }

    @Test
    void deadLetters_withNoAdminTokenConfigured_answer404() throws Exception {
        start("", "");
        assertEquals(404, send("GET", "/api/v1/deadletters", ADMIN_TOKEN, null).statusCode());
        assertEquals(404, send("POST", "/api/v1/deadletters/dl-1/replay", ADMIN_TOKEN, "").statusCode());
    }

    @Test
    void serverErrorThenRateLimit_realClock_messageArrivesOnceAfterRetries() throws Exception {
        start("", "");
        slack.failNext(FakeSlack.webhookPath("ops"), 500, "internal_error", Map.of());
        slack.failNext(FakeSlack.webhookPath("ops"), 429, "rate_limited", Map.of("Retry-After", "1"));
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());

        assertEquals(1, slack.awaitMessages(1, AWAIT).size());
        assertEquals(List.of(500, 429, 200), slack.received().stream().map(FakeSlack.Received::status).toList());
    }

    @Test
    void close_thenWebhook_isRefusedWith503() throws Exception {
        start("", "");
        gateway.gateway().engine().drain();
        HttpResponse<String> r = send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID);
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }

    private Map<String, Object> awaitDeadLetters(int n) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            HttpResponse<String> r = send("GET", "/api/v1/deadletters", ADMIN_TOKEN, null);
            assertEquals(200, r.statusCode(), r.body());
            Map<String, Object> body = JSON.std.mapFrom(r.body());
            if (((Number) body.get("count")).intValue() >= n) return body;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("expected " + n + " dead letters: " + r.body());
            Thread.sleep(10);
        }
    }
}
