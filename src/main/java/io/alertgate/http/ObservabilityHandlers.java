package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /metrics} (open: no secrets and no free text in it, and Prometheus scrapes it without
 * credentials by default), and, behind the admin token like the dead letters (404 without one
 * configured, 401 without the right one; the status page's session cookie also works),
 * {@code GET /health}, {@code GET /api/v1/profile} and
 * {@code GET /api/v1/trace?fingerprint=…|correlation_id=…}.
 */
final class ObservabilityHandlers {
    /** Longest query value accepted: a correlation id is at most 128 characters, a fingerprint 16. */
    private static final int MAX_QUERY_VALUE = 128;

    private ObservabilityHandlers() {}

    static HttpHandler metrics(Observability o) {
        return exchange -> {
            drain(exchange);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            o.metrics().scrape(out);
            byte[] body = out.toByteArray();
            exchange.getResponseHeaders().set("Content-Type", io.alertgate.metrics.GatewayMetrics.CONTENT_TYPE);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) exchange.getResponseBody().write(body);
        };
    }

    static HttpHandler health(AdminAuth admin, Observability o) {
        return adminOnly(admin, exchange -> Json.send(exchange, 200, o.health().get()));
    }

    static HttpHandler profile(AdminAuth admin, Observability o) {
        return adminOnly(admin, exchange -> Json.send(exchange, 200, o.profile().get()));
    }

    static HttpHandler trace(AdminAuth admin, Observability o) {
        return adminOnly(admin, exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            for (Map.Entry<String, String> e : query.entrySet()) {
                if (!e.getKey().equals("fingerprint") && !e.getKey().equals("correlation_id")) {
                    Json.error(exchange, 400, "unknown parameter; use fingerprint or correlation_id", e.getKey());
                    return;
                }
                if (e.getValue().isEmpty() || e.getValue().length() > MAX_QUERY_VALUE) {
                    Json.error(exchange, 400, "empty or longer than " + MAX_QUERY_VALUE + " characters", e.getKey());
                    return;
                }
            }
            if (query.isEmpty()) {
                Json.error(exchange, 400, "give fingerprint or correlation_id", "fingerprint");
                return;
            }
            Json.send(exchange, 200, o.trace().apply(query));
        });
    }

    /** As {@link #adminOnly(AdminAuth, HttpHandler)}, bearer token only (no status-page session). */
    static HttpHandler adminOnly(Optional<AdminAccess> admin, HttpHandler handler) {
        return adminOnly(new AdminAuth(admin), handler);
    }

    /** 404 without a configured admin token, 401 without the token or the status page's session cookie. */
    static HttpHandler adminOnly(AdminAuth auth, HttpHandler handler) {
        return exchange -> {
            if (exchange.getRequestMethod().equals("GET")) drain(exchange); // other methods read their body
            if (auth.require(exchange).isEmpty()) return;
            handler.handle(exchange);
        };
    }

    /** {@code a=b&c=d}, decoded; a repeated name keeps its first value. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readNBytes(1 << 16);
        }
    }
}
