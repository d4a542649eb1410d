package io.alertgate.app;

import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.delivery.DeliveryListener;
import io.alertgate.delivery.DestinationStatus;
import io.alertgate.escalation.EscalationListener;
import io.alertgate.escalation.EscalationView;
import io.alertgate.escalation.Escalations;
import io.alertgate.metrics.GatewayMetrics;
import io.alertgate.metrics.LatencyProfile;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.PipelineObserver;
import io.alertgate.resilience.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns pipeline and delivery events into Prometheus metrics, the per-stage latency profile, the
 * headline figures of {@code /health} and the delivery trace. Lives in {@code app} because it
 * reads {@code pipeline} and {@code delivery} events while {@code metrics} imports neither.
 * Every method is quick and never throws (the listeners run on request and dispatcher threads).
 */
final class Telemetry implements DeliveryListener, PipelineObserver, EscalationListener {
    /** Profile stages beyond the pipeline's: waiting in the outbox (and buckets), and the Slack request. */
    static final String QUEUE_WAIT = "queue_wait";
    static final String SEND = "send";
    private static final String END_TO_END = "end_to_end";
    private static final List<String> BREAKER_STATES =
            Arrays.stream(CircuitBreaker.State.values()).map(Telemetry::label).toList();

    private final GatewayMetrics metrics;
    private final LatencyProfile profile;
    /** Accept → Slack's successful answer, for the headline p50/p99 of {@code /health}. */
    private final LatencyProfile endToEnd = new LatencyProfile(List.of(END_TO_END));
    private final DeliveryTrace trace;
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** Destinations seen by the engine ("tenant destination" → breaker state label). */
    private final Map<String, String> breakers = new ConcurrentHashMap<>();

    Telemetry(String version, Clock clock) {
        this.metrics = new GatewayMetrics(version);
        List<String> stages = new ArrayList<>();
        for (PipelineObserver.Stage s : PipelineObserver.Stage.values()) stages.add(s.label());
        stages.add(QUEUE_WAIT);
        stages.add(SEND);
        this.profile = new LatencyProfile(stages);
        this.trace = new DeliveryTrace(DeliveryTrace.DEFAULT_CAPACITY, clock);
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    LatencyProfile profile() {
        return profile;
    }

    DeliveryTrace trace() {
        return trace;
    }

    @Override
    public void on(EscalationListener.Event event) {
        switch (event) {
            case EscalationListener.StepFired f -> metrics.escalationStepFired(f.tenant(), f.level(), f.severity());
            case EscalationListener.Acknowledged a -> metrics.escalationAcknowledged(a.tenant(), a.source());
        }
    }

    /**
     * Registers the gauges read at scrape time: each lane's oldest-entry age from {@code destinations}
     * (the engine's snapshot) and unfinished escalations from {@code escalations} (none exported
     * while the store is unreachable: a scrape must not fail because Redis does).
     */
    void watch(Supplier<List<DestinationStatus>> destinations, Escalations escalations) {
        metrics.laneOldestAges(() -> laneAges(destinations.get()));
        metrics.activeEscalations(() -> {
            try {
                return activeEscalations(escalations);
            } catch (RuntimeException e) {
                return List.of();
            }
        });
    }

    static List<GatewayMetrics.Reading> laneAges(List<DestinationStatus> destinations) {
        List<GatewayMetrics.Reading> out = new ArrayList<>();
        for (DestinationStatus d : destinations) {
            d.laneOldestAges().forEach((priority, age) -> out.add(new GatewayMetrics.Reading(
                    List.of(d.tenant(), d.destination(), priority.name().toLowerCase(Locale.ROOT)),
                    age.toNanos() / 1e9)));
        }
        return out;
    }

    static List<GatewayMetrics.Reading> activeEscalations(Escalations escalations) {
        Map<List<String>, Integer> counts = new java.util.TreeMap<>(java.util.Comparator.comparing(List::toString));
        for (EscalationView e : escalations.unfinished()) {
            counts.merge(List.of(e.tenant(), Integer.toString(escalations.firedLevel(e)), e.severity()), 1, Integer::sum);
        }
        List<GatewayMetrics.Reading> out = new ArrayList<>();
        counts.forEach((labels, n) -> out.add(new GatewayMetrics.Reading(labels, n)));
        return out;
    }

    @Override
    public void on(PipelineObserver.PipelineEvent event) {
        switch (event) {
            case PipelineObserver.StageTimed t -> profile.record(t.stage().label(), t.nanos());
            case PipelineObserver.Accepted a -> {
                notifications.incrementAndGet();
                metrics.notificationAccepted(a.tenant(), a.status(), a.alertStatuses());
                for (Planned p : a.planned()) {
                    metrics.routed(a.tenant(), p.reason());
                    if (!p.templateFailure().isEmpty()) metrics.templateFellBack(a.tenant(), p.template());
                }
                trace.accepted(a);
            }
            case PipelineObserver.Deduplicated d -> metrics.notificationDeduplicated(d.tenant());
        }
    }

    @Override
    public void on(DeliveryEvent event) {
        switch (event) {
            case DeliveryEvent.Attempted a -> {
                var d = a.delivery();
                boolean ok = a.result().ok();
                metrics.slackRequest(d.tenant(), d.destination().name(), ok, a.result().reason().label(),
                        a.requestNanos(), a.bucketWaitNanos(), a.attempt() > 1);
                profile.record(SEND, a.requestNanos());
                if (a.attempt() == 1) profile.record(QUEUE_WAIT, a.sinceAcceptedNanos());
                breakers.putIfAbsent(key(d.tenant(), d.destination().name()), label(CircuitBreaker.State.CLOSED));
                trace.attempted(a);
            }
            case DeliveryEvent.Delivered d -> {
                delivered.incrementAndGet();
                metrics.delivered(d.delivery().tenant(), d.sinceAcceptedNanos());
                endToEnd.record(END_TO_END, d.sinceAcceptedNanos());
                trace.delivered(d);
            }
            case DeliveryEvent.Rerouted r -> {
                metrics.rerouted(r.from().tenant(), r.from().destination().name());
                trace.rerouted(r);
            }
            case DeliveryEvent.DeadLettered l -> {
                deadLettered.incrementAndGet();
                var d = l.letter().delivery();
                metrics.deadLettered(d.tenant(), d.destination().name(), l.letter().reason());
                trace.deadLettered(l);
            }
            case DeliveryEvent.Digested g -> metrics.digested(g.tenant(), g.destination(), g.merged());
            case DeliveryEvent.LaneDepth l -> {
                metrics.laneDepth(l.tenant(), l.destination(), l.priority().name().toLowerCase(Locale.ROOT), l.depth());
                breakers.putIfAbsent(key(l.tenant(), l.destination()), label(CircuitBreaker.State.CLOSED));
            }
            case DeliveryEvent.BreakerChanged b -> {
                metrics.breakerState(b.tenant(), b.destination(), label(b.to()), BREAKER_STATES);
                breakers.put(key(b.tenant(), b.destination()), label(b.to()));
            }
        }
    }

    /**
     * The {@code GET /health} body: {@code status} (ok, degraded when a breaker is not closed,
     * draining), {@code components} (each Slack destination with its breaker state, templates,
     * redis, escalation) and {@code headline} (notifications, success rate, p50/p99 latency in ms).
     */
    Map<String, Object> health(boolean draining, int tenants) {
        return health(draining, tenants, java.util.Optional.empty());
    }

    /**
     * As above; {@code redisUp} is empty when Redis is not configured (state in memory), else
     * whether it answered a ping. Redis down makes the whole status {@code degraded}.
     */
    Map<String, Object> health(boolean draining, int tenants, java.util.Optional<Boolean> redisUp) {
        Map<String, Object> components = new LinkedHashMap<>();
        Map<String, Object> destinations = new java.util.TreeMap<>();
        boolean degraded = false;
        for (Map.Entry<String, String> e : breakers.entrySet()) {
            String[] parts = e.getKey().split(" ", 2);
            boolean closed = e.getValue().equals(label(CircuitBreaker.State.CLOSED));
            degraded |= !closed;
            destinations.put(e.getKey(), Map.of("tenant", parts[0], "destination", parts[1],
                    "circuit_breaker", e.getValue(), "status", closed ? "ok" : "degraded"));
        }
        components.put("slack", Map.of("status", degraded ? "degraded" : "ok", "destinations", destinations.values()));
        // Templates compile at load: a running gateway has all its templates.
        components.put("templates", Map.of("status", "ok", "tenants", tenants));
        String redis = redisUp.map(up -> up ? "ok" : "down").orElse("not configured");
        degraded |= redis.equals("down");
        components.put("redis", Map.of("status", redis));
        // Escalation state lives in the store: in memory without Redis, else as healthy as Redis.
        components.put("escalation", Map.of("status", redisUp.isEmpty() ? "ok (state in memory)" : redis.equals("ok") ? "ok" : "degraded"));
        long done = delivered.get() + deadLettered.get();
        var latency = endToEnd.snapshot().get(0);
        Map<String, Object> headline = new LinkedHashMap<>();
        headline.put("notifications", notifications.get());
        headline.put("messages_delivered", delivered.get());
        headline.put("messages_dead_lettered", deadLettered.get());
        headline.put("success_rate", done == 0 ? 1.0 : Math.round(delivered.get() * 10_000.0 / done) / 10_000.0);
        headline.put("latency_p50_ms", latency.p50Ms());
        headline.put("latency_p99_ms", latency.p99Ms());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", draining ? "draining" : degraded ? "degraded" : "ok");
        out.put("components", components);
        out.put("headline", headline);
        return out;
    }

    private static String key(String tenant, String destination) {
        return tenant + " " + destination;
    }

    private static String label(CircuitBreaker.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
