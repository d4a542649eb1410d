package io.alertgate.http;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.alertgate.escalation.Escalations;
import io.alertgate.escalation.EscalationView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/escalations} lists unfinished escalations (optionally {@code ?tenant=ID});
 * {@code POST /api/v1/escalations/{id}/ack} acknowledges one (body optional:
 * {@code {"by": "name"}}, default {@code api}). Behind the admin token (or the status page's
 * session cookie, {@link AdminAuth}) like the dead-letter endpoints: 404 without a configured token,
 * 401 with a wrong one.
 */
final class EscalationsHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/escalations";
    private static final Pattern ACK = Pattern.compile(PREFIX + "/([A-Za-z0-9_.-]{1,64}\\.[0-9a-f]{16})/ack");
    private static final int MAX_BODY_BYTES = 4096;
    private static final int MAX_BY_CHARS = 200;

    private final AdminAuth auth;
    /** Read per request: a config reload changes the signing secrets and Alertmanager clients it holds. */
    private final java.util.function.Supplier<Optional<EscalationAccess>> current;

    EscalationsHandler(AdminAuth auth, java.util.function.Supplier<Optional<EscalationAccess>> access) {
        this.auth = auth;
        this.current = access;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<EscalationAccess> access = current.get();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (access.isEmpty()) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        if (auth.require(exchange).isEmpty()) return;
        Escalations escalations = access.get().escalations();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
                if (!method.equals("GET")) {
                    methodNotAllowed(exchange, "GET");
                    return;
                }
                String tenant = query(exchange, "tenant");
                List<EscalationView> list = tenant == null ? escalations.unfinished() : escalations.unfinished(tenant);
                List<Map<String, Object>> json = list.stream().map(e -> json(e, escalations)).toList();
                Json.send(exchange, 200, Map.of("escalations", json, "count", json.size()));
                return;
            }
            Matcher m = ACK.matcher(path);
            if (!m.matches()) {
                Json.error(exchange, 404, "not found", "");
                return;
            }
            if (!method.equals("POST")) {
                methodNotAllowed(exchange, "POST");
                return;
            }
            if (body.length > MAX_BODY_BYTES) {
                Json.error(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes", "");
                return;
            }
            String by = "api";
            if (body.length > 0) {
                Object parsed;
                try {
                    parsed = JSON.std.anyFrom(new String(body, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    Json.error(exchange, 400, "body must be JSON: {\"by\": \"name\"}", "");
                    return;
                }
                if (!(parsed instanceof Map<?, ?> map) || map.get("by") != null && !(map.get("by") instanceof String)) {
                    Json.error(exchange, 400, "expected a string", "by");
                    return;
                }
                if (map.get("by") instanceof String s && !s.isBlank()) {
                    if (s.length() > MAX_BY_CHARS) {
                        Json.error(exchange, 400, "at most " + MAX_BY_CHARS + " characters", "by");
                        return;
                    }
                    by = "api:" + s;
                }
            }
            switch (escalations.acknowledge(m.group(1), by)) {
                case ACKNOWLEDGED -> Json.send(exchange, 200, Map.of("status", "acknowledged", "id", m.group(1)));
                case ALREADY_ENDED -> Json.error(exchange, 409, "escalation already acknowledged or resolved", "id");
                case NOT_FOUND -> Json.error(exchange, 404, "no escalation with this id", "id");
            }
        } catch (RuntimeException e) {
            // The store is unreachable (StoreException): the caller retries.
            exchange.getResponseHeaders().set("Retry-After", "5");
            Json.error(exchange, 503, "escalation state unavailable, retry", "");
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? null : SlackInteractionsHandler.formField(q, name).orElse(null);
    }

    private static void methodNotAllowed(HttpExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        Json.error(exchange, 405, "method not allowed; use " + allow, "");
    }

    /**
     * One escalation: {@code id, tenant, group_key, alertname, state, step, started_at}, {@code ack_until}
     * (ISO-8601, when a Silence button's acknowledgement runs out; null otherwise), plus for the
     * status page {@code level} (of the last step fired, 0 before the first), {@code steps} (in all)
     * and {@code next_step}: {@code {"step", "level", "delay_minutes", "targets"}} or null.
     */
    private static Map<String, Object> json(EscalationView r, Escalations escalations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("tenant", r.tenant());
        m.put("group_key", r.groupKey());
        m.put("alertname", r.alertname());
        m.put("state", r.state().name());
        m.put("step", r.step());
        m.put("started_at", r.startedAt().toString());
        m.put("ack_until", r.ackUntil().map(Object::toString).orElse(null));
        m.put("level", escalations.firedLevel(r));
        m.put("steps", escalations.steps(r.tenant()));
        m.put("next_step", escalations.nextStep(r).map(n -> {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("step", n.step());
            nm.put("level", n.level());
            nm.put("delay_minutes", n.delay().toSeconds() / 60.0);
            nm.put("targets", n.targets());
            return (Object) nm;
        }).orElse(null));
        return m;
    }
}
