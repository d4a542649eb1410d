package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.alertgate.delivery.DestinationStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/destinations[?tenant=ID]}: every destination that has had a message since
 * start, with its circuit breaker, token bucket, lane depths and the age of its oldest queued
 * message. Admin only (bearer token or session cookie). Answer:
 * {@code {"destinations": [{"tenant", "destination", "breaker", "bucket": {"available_tokens",
 * "rate_per_second", "burst"} | null, "lanes": {"critical": n, …, "info": n}, "backlog",
 * "oldest_age_seconds"}], "count"}} — names only, never a webhook URL or token.
 */
final class DestinationsHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/destinations";

    private final AdminAuth auth;

    DestinationsHandler(AdminAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Optional<AdminAccess> admin = auth.require(exchange);
        if (admin.isEmpty()) return;
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(PREFIX) && !path.equals(PREFIX + "/")) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        Optional<String> tenant = Query.param(exchange.getRequestURI().getRawQuery(), "tenant");
        List<Map<String, Object>> list = admin.get().engine().destinations().stream()
                .filter(d -> tenant.isEmpty() || tenant.get().equals(d.tenant()))
                .map(DestinationsHandler::json).toList();
        Json.send(exchange, 200, Map.of("destinations", list, "count", list.size()));
    }

    static Map<String, Object> json(DestinationStatus d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", d.tenant());
        m.put("destination", d.destination());
        m.put("breaker", d.breaker());
        m.put("bucket", d.bucket().map(b -> {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("available_tokens", b.availableTokens());
            bm.put("rate_per_second", b.ratePerSecond());
            bm.put("burst", b.burst());
            return (Object) bm;
        }).orElse(null));
        Map<String, Object> lanes = new LinkedHashMap<>();
        for (var e : d.lanes().entrySet()) lanes.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        m.put("lanes", lanes);
        m.put("backlog", d.backlog());
        m.put("oldest_age_seconds", d.oldestAge().toMillis() / 1000.0);
        return m;
    }
}
