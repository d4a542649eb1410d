package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Priority;
import io.alertgate.delivery.DeadLetter;
import io.alertgate.delivery.Delivery;
import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.pipeline.PipelineObserver;
import io.alertgate.pipeline.Planned;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every event kind through {@link Telemetry}: metric families, health and trace, without a running gateway. */
class TelemetryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    private static final String SECRET_URL = "https://hooks.slack.com/services/T0/B0/verysecret";
    private static final Destination OPS = new Destination.Webhook("webhook:ops", Secret.of(SECRET_URL));
    private static final Destination SPARE = new Destination.Console("acme:console");
    private static final SlackMessage MESSAGE = new SlackMessage("hello", List.of(), List.of());

    private static Delivery delivery(String correlationId) {
        return new Delivery("acme", "{}:{a=\"b\"}", OPS, MESSAGE, Priority.HIGH, correlationId, "HighLatency");
    }

    private static PipelineObserver.Accepted accepted(String correlationId, String fingerprint) {
        return new PipelineObserver.Accepted("acme", "{}:{a=\"b\"}", "firing", List.of("firing", "resolved"),
                List.of(fingerprint), List.of(new Planned(OPS, MESSAGE, Priority.HIGH, "rule:latency", "short",
                        "unclosed section")), correlationId);
    }

    /** One of every event, so that every metric family has a sample. */
    static Telemetry everything() {
        Telemetry t = new Telemetry("1.2.3", CLOCK);
        for (PipelineObserver.Stage s : PipelineObserver.Stage.values()) t.on(new PipelineObserver.StageTimed(s, 1_000_000));
        t.on(accepted("req-1", "fp1"));
        t.on(new DeliveryEvent.LaneDepth("acme", "webhook:ops", Priority.HIGH, 1));
        t.on(new DeliveryEvent.Attempted(delivery("req-1"),
                SendResult.failed(FailureReason.SERVER_ERROR, 500, "", Optional.empty()), 1, 30_000_000, 0, 5_000_000));
        t.on(new DeliveryEvent.BreakerChanged("acme", "webhook:ops", CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN));
        t.on(new DeliveryEvent.Attempted(delivery("req-1"), SendResult.ok(200, "", ""), 2, 20_000_000, 1_000_000,
                900_000_000));
        t.on(new DeliveryEvent.Delivered(delivery("req-1"), 950_000_000));
        t.on(new DeliveryEvent.Rerouted(delivery("req-2"), SPARE, "channel_is_archived"));
        t.on(new DeliveryEvent.DeadLettered(new DeadLetter("dl-1", delivery("req-3"), "server_error", "", 6,
                CLOCK.instant())));
        t.on(new DeliveryEvent.Digested("acme", "webhook:ops", 61));
        t.metrics().requestRefused("unknown_tenant"); // counted by the HTTP handler directly
        t.metrics().countMuted(() -> Map.of("acme/night", 3L)); // counted by the router
        return t;
    }

    @Test
    void scrape_withEveryFamilyPopulated_passesPromtoolCheck() throws Exception {
        Path promtool = ExternalProgram.require("promtool");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        everything().metrics().scrape(out);
        String text = out.toString(StandardCharsets.UTF_8);
        for (String family : List.of("alertgate_notifications_received_total", "alertgate_alerts_received_total",
                "alertgate_webhook_requests_refused_total", "alertgate_notifications_muted_total",
                "alertgate_routing_decisions_total", "alertgate_template_fallbacks_total", "alertgate_slack_requests_total",
                "alertgate_slack_request_duration_seconds_bucket", "alertgate_delivery_latency_seconds_bucket",
                "alertgate_rate_limit_wait_seconds_bucket", "alertgate_retries_total", "alertgate_fallback_reroutes_total",
                "alertgate_dead_letters_total", "alertgate_storm_digested_messages_total", "alertgate_lane_depth",
                "alertgate_circuit_breaker_state", "alertgate_circuit_breaker_transitions_total", "alertgate_build_info")) {
            assertTrue(text.contains(family + "{"), family + " missing:\n" + text);
        }
        assertFalse(text.contains("verysecret"), "a webhook URL leaked into the metrics");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String problems = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), problems + "\n" + text);
    }

    @Test
    void health_withAnOpenBreaker_isDegradedAndCountsTheHeadline() {
        Map<String, Object> health = everything().health(false, 1);
        assertEquals("degraded", health.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> headline = (Map<String, Object>) health.get("headline");
        assertEquals(1L, headline.get("notifications"));
        assertEquals(0.5, headline.get("success_rate"));
        assertEquals(950, ((Number) headline.get("latency_p99_ms")).doubleValue(), 1.0);
    }

    @Test
    void health_withRedisDown_isDegradedAndSaysSo() {
        Map<String, Object> health = new Telemetry("1", CLOCK).health(false, 1, Optional.of(false));
        assertEquals("degraded", health.get("status"));
        assertEquals(Map.of("status", "down"), ((Map<?, ?>) health.get("components")).get("redis"));
    }

    @Test
    void health_whileDraining_saysDraining() {
        assertEquals("draining", new Telemetry("1", CLOCK).health(true, 1).get("status"));
    }

    @Test
    void trace_eventsBeforeTheAcceptance_areKeptWithTheNotification() {
        Telemetry t = new Telemetry("1", CLOCK);
        t.on(new DeliveryEvent.Attempted(delivery("req-9"), SendResult.ok(200, "C1", "1700.1"), 1));
        t.on(accepted("req-9", "fp9"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = (List<Map<String, Object>>) t.trace().find(Map.of("fingerprint", "fp9"))
                .get("notifications");
        assertEquals(1, found.size());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) found.get(0).get("events");
        assertEquals("1700.1", events.get(0).get("ts"));
        assertEquals("acme", found.get(0).get("tenant"));
    }

    @Test
    void trace_pastItsCapacity_forgetsTheOldestNotification() {
        DeliveryTrace trace = new DeliveryTrace(2, CLOCK);
        trace.accepted(accepted("a", "f"));
        trace.accepted(accepted("b", "f"));
        trace.accepted(accepted("c", "f"));
        assertEquals(2, trace.find(Map.of("fingerprint", "f")).get("count"));
        assertEquals(0, trace.find(Map.of("correlation_id", "a")).get("count"));
    }

    @Test
    void trace_ofAMessageRetriedManyTimes_keepsAtMostMaxEventsAndCountsTheRest() {
        DeliveryTrace trace = new DeliveryTrace(10, CLOCK);
        trace.accepted(accepted("r", "f"));
        for (int i = 1; i <= DeliveryTrace.MAX_EVENTS + 5; i++) {
            trace.attempted(new DeliveryEvent.Attempted(delivery("r"),
                    SendResult.failed(FailureReason.TIMEOUT, 0, "", Optional.of(Duration.ofSeconds(1))), i));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> n = ((List<Map<String, Object>>) trace.find(Map.of("correlation_id", "r"))
                .get("notifications")).get(0);
        assertEquals(DeliveryTrace.MAX_EVENTS, ((List<?>) n.get("events")).size());
        assertEquals(5, n.get("events_dropped"));
    }
}
