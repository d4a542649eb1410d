package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics, health, latency profile, delivery trace and JSON logs of a running gateway, over real
 * HTTP against the fake Slack; the scrape is checked by the real {@code promtool}.
 */
class ObservabilityGatewayTest {
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final Duration AWAIT = RunningGateway.AWAIT;
    /** Upper bound of polls while waiting for the drain to begin (each a local HTTP round trip). */
    private static final int MAX_POLLS = 10_000;

    private final FakeSlack slack;
    private RunningGateway gateway;

    ObservabilityGatewayTest() throws Exception {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        slack.close();
    }

    private void start(String serverExtra, String slackExtra) throws Exception {
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
                          channels:
                            default: webhook:ops
                %s
                """.formatted(serverExtra.indent(2).stripTrailing(), slack.webhookUrl("ops"),
                slackExtra.indent(10).stripTrailing()));
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return gateway.send(method, path, token, body);
    }

    /** Posts one valid notification and one unknown-tenant request, and waits for Slack to get the message. */
    private String deliverOne() throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID);
        assertEquals(202, accepted.statusCode());
        assertEquals(404, send("POST", "/api/v1/alerts/nobody", null, GatewayHttpTest.VALID).statusCode());
        slack.awaitMessages(1, AWAIT);
        return accepted.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private static void eventually(RunningGateway.Check check) throws Exception {
        RunningGateway.eventually(check);
    }

    @Test
    void metrics_afterADelivery_passPromtoolCheckAndCountByTenantDestinationAndReason() throws Exception {
        Path promtool = ExternalProgram.require("promtool");
        start("", "");
        deliverOne();
        eventually(() -> send("GET", "/metrics", null, null).body().contains("alertgate_delivery_latency_seconds_count"));
        HttpResponse<String> scrape = send("GET", "/metrics", null, null);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = scrape.body();
        assertTrue(text.contains("alertgate_notifications_received_total{status=\"firing\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_alerts_received_total{status=\"firing\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_webhook_requests_refused_total{reason=\"unknown_tenant\"} 1.0"), text);
        assertTrue(text.contains("alertgate_routing_decisions_total{reason=\"default\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_slack_requests_total{destination=\"webhook:ops\",outcome=\"success\",reason=\"none\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_slack_request_duration_seconds_count{destination=\"webhook:ops\",tenant=\"acme\"} 1"), text);
        assertTrue(text.contains("alertgate_lane_depth{destination=\"webhook:ops\",priority=\"medium\",tenant=\"acme\"} 0.0"), text);
        assertTrue(text.contains("alertgate_build_info{version="), text);
        assertFalse(text.contains("/services/"), "a webhook URL leaked into the metrics");
        assertFalse(text.contains("abc123"), "a fingerprint became a label");

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String problems = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), problems);
        assertEquals("", problems.strip());
    }

    @Test
    void metrics_afterADeadLetter_countTheReasonAndTheBreakerTransitions() throws Exception {
        start("", "circuit_breaker: {failure_threshold: 1, recovery_timeout_seconds: 60}\nretry: {max_attempts: 1}");
        slack.failNext(FakeSlack.webhookPath("ops"), 500, "internal_error", Map.of());
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
        eventually(() -> send("GET", "/metrics", null, null).body().contains("alertgate_dead_letters_total{"));
        String text = send("GET", "/metrics", null, null).body();
        assertTrue(text.contains("alertgate_dead_letters_total{destination=\"webhook:ops\",reason=\"server_error\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_circuit_breaker_state{destination=\"webhook:ops\",state=\"open\",tenant=\"acme\"} 1.0"), text);
        assertTrue(text.contains("alertgate_circuit_breaker_state{destination=\"webhook:ops\",state=\"closed\",tenant=\"acme\"} 0.0"), text);
    }

    @Test
    void health_afterADelivery_listsTheDestinationWithItsBreakerAndTheHeadline() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        deliverOne();
        eventually(() -> send("GET", "/health", ADMIN_TOKEN, null).body().contains("\"messages_delivered\":1"));
        Map<String, Object> health = JSON.std.mapFrom(send("GET", "/health", ADMIN_TOKEN, null).body());
        assertEquals("ok", health.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) health.get("components");
        assertEquals(Map.of("status", "not configured"), components.get("redis"));
        @SuppressWarnings("unchecked")
        Map<String, Object> slackHealth = (Map<String, Object>) components.get("slack");
        assertEquals(List.of(Map.of("tenant", "acme", "destination", "webhook:ops", "circuit_breaker", "closed",
                "status", "ok")), slackHealth.get("destinations"));
        @SuppressWarnings("unchecked")
        Map<String, Object> headline = (Map<String, Object>) health.get("headline");
        assertEquals(1, ((Number) headline.get("notifications")).intValue());
        assertEquals(1.0, ((Number) headline.get("success_rate")).doubleValue());
        assertTrue(((Number) headline.get("latency_p99_ms")).doubleValue() > 0, headline.toString());
    }

    @Test
    void health_withoutTheAdminToken_isRefused() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        HttpResponse<String> r = send("GET", "/health", "wrong-token-0123456789", null);
        assertEquals(401, r.statusCode());
        assertEquals(Map.of("error", "admin token required", "path", "Authorization"), JSON.std.mapFrom(r.body()));
        assertEquals(401, send("GET", "/api/v1/profile", null, null).statusCode());
        assertEquals(401, send("GET", "/api/v1/trace?correlation_id=x", null, null).statusCode());
    }

    @Test
    void health_withNoAdminTokenConfigured_doesNotExist() throws Exception {
        start("", "");
        assertEquals(404, send("GET", "/health", null, null).statusCode());
        assertEquals(200, send("GET", "/metrics", null, null).statusCode());
    }

    @Test
    void profile_afterADelivery_reportsEveryStageAndNamesTheSlowest() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        deliverOne();
        eventually(() -> send("GET", "/api/v1/profile", ADMIN_TOKEN, null).body().contains("\"stage\":\"send\",\"count\":1"));
        Map<String, Object> profile = JSON.std.mapFrom(send("GET", "/api/v1/profile", ADMIN_TOKEN, null).body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) profile.get("stages");
        assertEquals(List.of("parse", "route", "render", "format", "queue_wait", "send"),
                stages.stream().map(s -> s.get("stage")).toList());
        for (Map<String, Object> s : stages) {
            assertEquals(1, ((Number) s.get("count")).intValue(), s.toString());
            assertTrue(s.keySet().containsAll(List.of("p50_ms", "p90_ms", "p99_ms", "p99_9_ms", "max_ms")), s.toString());
        }
        assertNotNull(profile.get("slowest"));
        assertTrue(stages.stream().anyMatch(s -> s.get("stage").equals(profile.get("slowest"))));
    }

    @Test
    void trace_byCorrelationIdOrFingerprint_showsRoutingAndTheSuccessfulAttempt() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        String correlationId = deliverOne();
        eventually(() -> send("GET", "/api/v1/trace?correlation_id=" + correlationId, ADMIN_TOKEN, null).body()
                .contains("\"type\":\"delivered\""));
        Map<String, Object> byId = JSON.std.mapFrom(
                send("GET", "/api/v1/trace?correlation_id=" + correlationId, ADMIN_TOKEN, null).body());
        assertEquals(1, ((Number) byId.get("count")).intValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> n = ((List<Map<String, Object>>) byId.get("notifications")).get(0);
        assertEquals("acme", n.get("tenant"));
        assertEquals(List.of("abc123"), n.get("fingerprints"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> routing = (List<Map<String, Object>>) n.get("routing");
        assertEquals("webhook:ops", routing.get(0).get("destination"));
        assertEquals("default", routing.get(0).get("reason"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) n.get("events");
        assertEquals(List.of("attempt", "delivered"), events.stream().map(e -> e.get("type")).toList());
        assertEquals("success", events.get(0).get("outcome"));

        Map<String, Object> byFingerprint = JSON.std.mapFrom(
                send("GET", "/api/v1/trace?fingerprint=abc123", ADMIN_TOKEN, null).body());
        assertEquals(1, ((Number) byFingerprint.get("count")).intValue());
        Map<String, Object> none = JSON.std.mapFrom(
                send("GET", "/api/v1/trace?fingerprint=ffff", ADMIN_TOKEN, null).body());
        assertEquals(0, ((Number) none.get("count")).intValue());
    }

    @Test
    void trace_withAnUnknownParameter_is400WithThePath() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        HttpResponse<String> r = send("GET", "/api/v1/trace?groupKey=x", ADMIN_TOKEN, null);
        assertEquals(400, r.statusCode());
        assertEquals("groupKey", JSON.std.mapFrom(r.body()).get("path"));
        assertEquals(400, send("GET", "/api/v1/trace", ADMIN_TOKEN, null).statusCode());
    }

    @Test
    void readyz_whileDraining_is503WithTheReason() throws Exception {
        // A 429 with Retry-After: 60 pauses the destination, so the drain lasts its whole timeout.
        start("drain_timeout_ms: 3000", "");
        assertEquals(200, send("GET", "/readyz", null, null).statusCode());
        slack.failNext(FakeSlack.webhookPath("ops"), 429, "rate_limited", Map.of("Retry-After", "60"));
        assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
        eventually(() -> !slack.received().isEmpty());
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
        HttpResponse<String> ready = send("GET", "/readyz", null, null);
        for (int i = 0; i < MAX_POLLS && ready.statusCode() == 200; i++) ready = send("GET", "/readyz", null, null);
        assertEquals(503, ready.statusCode());
        assertEquals("draining", JSON.std.mapFrom(ready.body()).get("error"));
        closing.get(30, TimeUnit.SECONDS);
    }

    @Test
    void logs_ofAGatewayRun_areJsonLinesWithTenantAndCorrelationId() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(captured, new JsonLogFormatter());
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            start("", "");
            deliverOne();
            assertEquals(400, send("POST", "/api/v1/alerts/acme", null, "{\"version\":\"4\"").statusCode());
            assertEquals(202, send("POST", "/api/v1/alerts/acme", null, GatewayHttpTest.VALID).statusCode());
            gateway.close();
            gateway = null;
        } finally {
            root.removeHandler(handler);
            handler.close();
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertFalse(lines.isEmpty());
        boolean sawCorrelation = false;
        for (String line : lines) {
            Map<String, Object> json = JSON.std.mapFrom(line); // throws on any line that is not one JSON object
            assertTrue(json.keySet().containsAll(List.of("timestamp", "level", "component", "message")), line);
            if (json.containsKey("correlation_id")) {
                sawCorrelation = true;
                assertEquals("acme", json.get("tenant_id"), line);
            }
        }
        assertTrue(sawCorrelation, "no log line carried a correlation_id: " + lines);
    }

    @Test
    void logLevels_put_changesOneComponentAtRunTime() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        try {
            HttpResponse<String> r = send("PUT", "/api/v1/log-levels/delivery", ADMIN_TOKEN, "{\"level\":\"debug\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(Logger.getLogger("io.alertgate.delivery").isLoggable(Level.FINE));
            Map<String, Object> levels = JSON.std.mapFrom(send("GET", "/api/v1/log-levels", ADMIN_TOKEN, null).body());
            assertEquals("DEBUG", ((Map<?, ?>) levels.get("levels")).get("delivery"));
        } finally {
            Logger.getLogger("io.alertgate.delivery").setLevel(null);
        }
    }

    @Test
    void logLevels_withAnUnknownLevelOrComponent_isRefusedWithThePath() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, "");
        HttpResponse<String> badLevel = send("PUT", "/api/v1/log-levels/delivery", ADMIN_TOKEN, "{\"level\":\"LOUD\"}");
        assertEquals(400, badLevel.statusCode());
        assertEquals("level", JSON.std.mapFrom(badLevel.body()).get("path"));
        assertEquals(404, send("PUT", "/api/v1/log-levels/nope", ADMIN_TOKEN, "{\"level\":\"INFO\"}").statusCode());
        assertEquals(401, send("PUT", "/api/v1/log-levels/delivery", null, "{\"level\":\"INFO\"}").statusCode());
    }

    @Test
    void readyz_duringARedisOutage_is503AndHealthSaysRedisIsDown() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            gateway = RunningGateway.start("""
                    server:
                      listen: 127.0.0.1:0
                      admin_token: %s
                    redis:
                      url: "%s"
                    tenants:
                      acme:
                        environments:
                          prod:
                            slack:
                              webhooks:
                                ops: "%s"
                              channels:
                                default: webhook:ops
                    """.formatted(ADMIN_TOKEN, redis.url(), slack.webhookUrl("ops")));
            assertEquals(200, send("GET", "/readyz", null, null).statusCode());
            redis.stop();
            HttpResponse<String> ready = send("GET", "/readyz", null, null);
            assertEquals(503, ready.statusCode());
            assertEquals("redis unreachable", JSON.std.mapFrom(ready.body()).get("error"));
            Map<String, Object> health = JSON.std.mapFrom(send("GET", "/health", ADMIN_TOKEN, null).body());
            assertEquals("degraded", health.get("status"));
            assertEquals(Map.of("status", "down"), ((Map<?, ?>) health.get("components")).get("redis"));
        }
    }
}
