package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Priority;
import io.alertgate.alert.Status;
import io.alertgate.config.Target;
import io.alertgate.config.TenantConfig.Escalation;
import io.alertgate.delivery.DestinationStatus;
import io.alertgate.escalation.EscalationPolicy;
import io.alertgate.escalation.Escalations;
import io.alertgate.metrics.GatewayMetrics;
import io.alertgate.store.InMemoryStateStore;
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

    private static final EscalationPolicy POLICY = new EscalationPolicy(true,
            List.of(new Escalation.Level(1, Duration.ofMinutes(5), List.of(new Target.Console("console")))), 1,
            List.of("critical", "high"));

    private static AlertGroup group(String key, String severity) {
        return new AlertGroup("4", key, 0, Status.FIRING, "r", Labels.EMPTY,
                Labels.of("alertname", "Down", "severity", severity), Labels.EMPTY, "", List.of(), "", Labels.EMPTY);
    }

    /**
     * Escalations told to {@code t}: g1 (critical) has fired level 1, g2 (high) has fired nothing,
     * g3 was acknowledged from Slack and g4 through the API.
     */
    static Escalations escalations(Telemetry t) {
        var store = new InMemoryStateStore();
        var ids = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<String> hex = () -> String.format("%016x", ids.incrementAndGet());
        Escalations at = new Escalations(store, Map.of("acme", POLICY), (e, step, level) -> true, CLOCK, hex, t);
        Escalations later = new Escalations(store, Map.of("acme", POLICY), (e, step, level) -> true,
                Clock.offset(CLOCK, Duration.ofMinutes(5)), hex, t);
        at.onNotification("acme", group("g1", "critical"));
        assertEquals(1, later.poll());
        at.onNotification("acme", group("g2", "high"));
        at.acknowledge(at.onNotification("acme", group("g3", "high")).orElseThrow(), "slack:U1");
        at.acknowledge(at.onNotification("acme", group("g4", "critical")).orElseThrow(), "api:bob");
        return at;
    }

    private static Map<Priority, Duration> ages(Duration high) {
        Map<Priority, Duration> out = new java.util.EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) out.put(p, p == Priority.HIGH ? high : Duration.ZERO);
        return out;
    }

    private static final List<DestinationStatus> DESTINATIONS = List.of(new DestinationStatus("acme", "webhook:ops",
            "CLOSED", Optional.empty(), Map.of(Priority.HIGH, 1), Duration.ofMillis(2500), ages(Duration.ofMillis(2500))));

    private static String scrape(Telemetry t) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.metrics().scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void activeEscalations_countUnfinishedOnesByTenantLevelAndSeverity() {
        Telemetry t = new Telemetry("1", CLOCK);
        assertEquals(List.of(new GatewayMetrics.Reading(List.of("acme", "0", "high"), 1),
                new GatewayMetrics.Reading(List.of("acme", "1", "critical"), 1)), Telemetry.activeEscalations(escalations(t)));
    }

    @Test
    void scrape_afterStepsAndAcks_countsStepsByLevelAndAcksBySource() throws Exception {
        Telemetry t = new Telemetry("1", CLOCK);
        t.watch(() -> DESTINATIONS, escalations(t));
        String text = scrape(t);
        for (String line : List.of(
                "alertgate_escalation_steps_fired_total{level=\"1\",severity=\"critical\",tenant=\"acme\"} 1",
                "alertgate_escalation_acknowledgements_total{source=\"api\",tenant=\"acme\"} 1",
                "alertgate_escalation_acknowledgements_total{source=\"slack\",tenant=\"acme\"} 1",
                "alertgate_escalations_active{level=\"0\",severity=\"high\",tenant=\"acme\"} 1",
                "alertgate_lane_oldest_age_seconds{destination=\"webhook:ops\",priority=\"high\",tenant=\"acme\"} 2.5",
                "alertgate_lane_oldest_age_seconds{destination=\"webhook:ops\",priority=\"low\",tenant=\"acme\"} 0")) {
            assertTrue(text.contains(line), line + " missing:\n" + text);
        }
    }

    @Test
    void scrape_whenTheEscalationStoreFails_omitsActiveEscalationsAndStillAnswers() throws Exception {
        Telemetry t = new Telemetry("1", CLOCK);
        var unreachable = new io.alertgate.store.RedisStateStore(
                new io.alertgate.store.RedisStateStore.Settings("redis://127.0.0.1:1", Duration.ofMillis(200), 1));
        var broken = new Escalations(unreachable, Map.of("acme", POLICY), (e, step, level) -> true, CLOCK, () -> "1");
        t.watch(List::of, broken);
        try (unreachable) {
            assertFalse(scrape(t).contains("alertgate_escalations_active{"));
        }
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
        t.metrics().redisCall("get", 1_000_000, false); // told by the Redis store
        t.metrics().redisCall("claim", 200_000_000, true);
        t.watch(() -> DESTINATIONS, escalations(t));
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
                "alertgate_circuit_breaker_state", "alertgate_circuit_breaker_transitions_total", "alertgate_build_info",
                "alertgate_lane_oldest_age_seconds", "alertgate_escalations_active", "alertgate_escalation_steps_fired_total",
                "alertgate_escalation_acknowledgements_total", "alertgate_redis_errors_total",
                "alertgate_redis_request_duration_seconds_bucket")) {
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
