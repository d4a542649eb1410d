package io.alertgate.app;

import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.PipelineObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Where did this alert go?": the last {@link #DEFAULT_CAPACITY} accepted notifications with their
 * routing decisions and every delivery event since (attempts with outcome, Slack {@code ts},
 * request and end-to-end latency, fallbacks, dead letters), answered by correlation ID or by alert
 * fingerprint for {@code GET /api/v1/trace}.
 *
 * <p>In memory and bounded: the oldest notification is forgotten first, and each keeps at most
 * {@link #MAX_EVENTS} events (a message retried for ten minutes must not grow without bound).
 * One lock guards it all; every operation touches one entry or, for a fingerprint lookup, scans
 * at most the capacity. Messages merged into a storm digest are traced up to the merge only.
 */
final class DeliveryTrace {
    static final int DEFAULT_CAPACITY = 1_000;
    static final int MAX_EVENTS = 50;
    private static final double NANOS_PER_MILLI = 1e6;

    private final Clock clock;
    private final Map<String, Traced> byCorrelationId;

    private static final class Traced {
        final Map<String, Object> head = new LinkedHashMap<>();
        List<String> fingerprints = List.of();
        final List<Map<String, Object>> events = new ArrayList<>();
        int dropped;
    }

    DeliveryTrace(int capacity, Clock clock) {
        this.clock = clock;
        this.byCorrelationId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Traced> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void accepted(PipelineObserver.Accepted a) {
        // The dispatcher may have sent before the pipeline reported the acceptance: keep its events.
        Traced e = byCorrelationId.computeIfAbsent(a.correlationId(), id -> new Traced());
        e.fingerprints = List.copyOf(a.fingerprints());
        e.head.put("correlation_id", a.correlationId());
        e.head.put("tenant", a.tenant());
        e.head.put("group_key", a.groupKey());
        e.head.put("status", a.status());
        e.head.put("accepted_at", clock.instant().toString());
        e.head.put("fingerprints", e.fingerprints);
        List<Map<String, Object>> routing = new ArrayList<>();
        for (Planned p : a.planned()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("destination", p.destination().name());
            r.put("reason", p.reason());
            r.put("template", p.template());
            r.put("priority", p.priority().name().toLowerCase(Locale.ROOT));
            if (!p.templateFailure().isEmpty()) r.put("template_fallback", true);
            routing.add(r);
        }
        e.head.put("routing", routing);
    }

    void attempted(DeliveryEvent.Attempted a) {
        Map<String, Object> ev = event("attempt", a.delivery().destination().name());
        ev.put("attempt", a.attempt());
        ev.put("outcome", a.result().ok() ? "success" : "failure");
        ev.put("reason", a.result().reason().label());
        if (!a.result().errorCode().isEmpty()) ev.put("error_code", a.result().errorCode());
        if (a.result().httpStatus() > 0) ev.put("http_status", a.result().httpStatus());
        if (!a.result().ts().isEmpty()) ev.put("ts", a.result().ts());
        ev.put("request_ms", ms(a.requestNanos()));
        ev.put("since_accepted_ms", ms(a.sinceAcceptedNanos()));
        add(a.delivery().correlationId(), ev);
    }

    void delivered(DeliveryEvent.Delivered d) {
        Map<String, Object> ev = event("delivered", d.delivery().destination().name());
        ev.put("latency_ms", ms(d.sinceAcceptedNanos()));
        add(d.delivery().correlationId(), ev);
    }

    void rerouted(DeliveryEvent.Rerouted r) {
        Map<String, Object> ev = event("rerouted", r.from().destination().name());
        ev.put("to", r.to().name());
        ev.put("why", r.why());
        add(r.from().correlationId(), ev);
    }

    void deadLettered(DeliveryEvent.DeadLettered l) {
        Map<String, Object> ev = event("dead_lettered", l.letter().delivery().destination().name());
        ev.put("reason", l.letter().reason());
        ev.put("dead_letter_id", l.letter().id());
        add(l.letter().delivery().correlationId(), ev);
    }

    /**
     * The notifications matching every given parameter ({@code correlation_id}, {@code fingerprint}),
     * newest first: {@code {"notifications": [...], "count"}}.
     */
    synchronized Map<String, Object> find(Map<String, String> query) {
        String correlationId = query.get("correlation_id");
        String fingerprint = query.get("fingerprint");
        List<Map<String, Object>> found = new ArrayList<>();
        for (Traced e : byCorrelationId.values()) {
            if (correlationId != null && !correlationId.equals(e.head.get("correlation_id"))) continue;
            if (fingerprint != null && !e.fingerprints.contains(fingerprint)) continue;
            Map<String, Object> out = new LinkedHashMap<>(e.head);
            out.put("events", List.copyOf(e.events));
            if (e.dropped > 0) out.put("events_dropped", e.dropped);
            found.add(0, out);
        }
        return Map.of("notifications", found, "count", found.size());
    }

    private Map<String, Object> event(String type, String destination) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("at", clock.instant().toString());
        ev.put("type", type);
        ev.put("destination", destination);
        return ev;
    }

    private synchronized void add(String correlationId, Map<String, Object> event) {
        Traced e = byCorrelationId.computeIfAbsent(correlationId, id -> {
            Traced fresh = new Traced();
            fresh.head.put("correlation_id", id);
            return fresh;
        });
        if (e.events.size() < MAX_EVENTS) e.events.add(event);
        else e.dropped++;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / NANOS_PER_MILLI * 1000) / 1000.0;
    }
}
