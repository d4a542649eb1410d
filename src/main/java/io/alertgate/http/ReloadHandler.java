package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /-/reload} (as Prometheus and Alertmanager spell it): reloads the config file behind
 * the admin token. 200 {@code {"status":"reloaded","report":…,"restart_required":[…]}} when the new
 * config serves ({@code restart_required}: the YAML paths whose change waits for a restart); 422
 * {@code {"error":"invalid config","path":…,"report":…}} when it was refused and the old one keeps
 * serving; 401 without the token; 404 when no admin token is configured.
 */
final class ReloadHandler implements HttpHandler {
    static final String PATH = "/-/reload";
    private static final String BEARER = "Bearer ";

    private final Optional<AdminAccess> admin;
    private final ConfigReload reload;

    ReloadHandler(Optional<AdminAccess> admin, ConfigReload reload) {
        this.admin = admin;
        this.reload = reload;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        if (admin.isEmpty() || !exchange.getRequestURI().getPath().equals(PATH)) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith(BEARER) || !admin.get().tokenCheck().test(auth.substring(BEARER.length()))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            Json.error(exchange, 401, "admin token required", "Authorization");
            return;
        }
        ConfigReload.Outcome outcome = reload.reload();
        Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome.applied()) {
            answer.put("status", "reloaded");
        } else {
            answer.put("error", "invalid config, not applied; the previous config keeps serving");
            answer.put("path", firstErrorPath(outcome.report()));
        }
        answer.put("report", outcome.report());
        if (outcome.applied()) answer.put("restart_required", outcome.restartRequired());
        Json.send(exchange, outcome.applied() ? 200 : 422, answer);
    }

    private static String firstErrorPath(Map<String, Object> report) {
        if (report.get("findings") instanceof java.util.List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> f && "error".equals(f.get("severity"))) return String.valueOf(f.get("path"));
            }
        }
        return "";
    }
}
