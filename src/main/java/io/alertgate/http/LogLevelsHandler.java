package io.alertgate.http;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/v1/log-levels} lists each component's log level; {@code PUT
 * /api/v1/log-levels/{component}} with {@code {"level": "DEBUG"}} changes one at run time (until
 * the restart). Behind the admin token. Components are alertgate's packages ({@code delivery},
 * {@code http}, …); levels are System.Logger's names (ERROR, WARN, INFO, DEBUG, TRACE).
 *
 * <p>The loggers are java.util.logging's, which back {@link System.Logger} (see
 * {@code app.JsonLogFormatter}). java.util.logging holds loggers weakly, so a level set on one
 * nobody references would vanish at the next GC: this class keeps each logger it touched.
 */
final class LogLevelsHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/log-levels";
    static final List<String> COMPONENTS = List.of("app", "config", "delivery", "escalation", "http", "ingest",
            "metrics", "pipeline", "route", "secrets", "slack", "store", "template");
    private static final Map<String, Level> LEVELS = Map.of("ERROR", Level.SEVERE, "WARN", Level.WARNING,
            "INFO", Level.INFO, "DEBUG", Level.FINE, "TRACE", Level.FINEST);
    private static final int MAX_BODY_BYTES = 1024;

    private final Map<String, Logger> touched = new ConcurrentHashMap<>();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Json.error(exchange, 405, "method not allowed; use GET", "");
                return;
            }
            Map<String, Object> levels = new TreeMap<>();
            for (String c : COMPONENTS) levels.put(c, name(effective(logger(c))));
            Json.send(exchange, 200, Map.of("levels", levels));
            return;
        }
        String component = path.substring(PREFIX.length() + 1);
        if (!COMPONENTS.contains(component)) {
            Json.error(exchange, 404, "unknown component; one of " + COMPONENTS, "component");
            return;
        }
        if (!exchange.getRequestMethod().equals("PUT")) {
            exchange.getResponseHeaders().set("Allow", "PUT");
            Json.error(exchange, 405, "method not allowed; use PUT", "");
            return;
        }
        Object given;
        try (InputStream in = exchange.getRequestBody()) {
            given = JSON.std.mapFrom(new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8)).get("level");
        } catch (IOException | RuntimeException e) {
            Json.error(exchange, 400, "body must be a JSON object {\"level\": ...}", "");
            return;
        }
        Level level = given instanceof String s ? LEVELS.get(s.toUpperCase(Locale.ROOT)) : null;
        if (level == null) {
            Json.error(exchange, 400, "level must be one of " + new TreeMap<>(LEVELS).keySet(), "level");
            return;
        }
        logger(component).setLevel(level);
        Json.send(exchange, 200, Map.of("component", component, "level", name(level)));
    }

    private Logger logger(String component) {
        return touched.computeIfAbsent(component, c -> Logger.getLogger("io.alertgate." + c));
    }

    private static Level effective(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) return l.getLevel();
        }
        return Level.INFO;
    }

    private static String name(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }

    /** The admin-token check in front of this handler. */
    static HttpHandler guarded(Optional<AdminAccess> admin) {
        return ObservabilityHandlers.adminOnly(admin, new LogLevelsHandler());
    }
}
