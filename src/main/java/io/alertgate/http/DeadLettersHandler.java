package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.alertgate.delivery.DeadLetter;
import io.alertgate.delivery.DeliveryEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/deadletters} lists dead letters; {@code POST /api/v1/deadletters/{id}/replay}
 * queues one again. Both need {@code Authorization: Bearer <admin token>} or the status page's session
 * cookie ({@link AdminAuth}; 401 otherwise); without
 * a configured admin token the endpoints do not exist (404), so an unconfigured gateway exposes
 * nothing. Webhook URLs and tokens are never shown: a destination appears by its name only.
 */
final class DeadLettersHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/deadletters";
    private static final Pattern REPLAY = Pattern.compile(PREFIX + "/([A-Za-z0-9_.-]{1,64})/replay");

    /** Seconds a client should wait before asking again while the store is unreachable. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final AdminAuth auth;

    DeadLettersHandler(AdminAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputSink.INSTANCE);
        }
        Optional<AdminAccess> admin = auth.require(exchange);
        if (admin.isEmpty()) return;
        DeliveryEngine engine = admin.get().engine();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            if (!method.equals("GET")) {
                methodNotAllowed(exchange, "GET");
                return;
            }
            List<Map<String, Object>> letters;
            try {
                letters = engine.deadLetters().list().stream().map(DeadLettersHandler::json).toList();
            } catch (RuntimeException e) {
                // Never an empty list for an unreadable store: "nothing to replay" would be a lie.
                System.getLogger("io.alertgate.http").log(System.Logger.Level.WARNING,
                        "dead letters could not be read: {0}", e.getMessage());
                unavailable(exchange);
                return;
            }
            Json.send(exchange, 200, Map.of("deadletters", letters, "count", letters.size()));
            return;
        }
        Matcher m = REPLAY.matcher(path);
        if (!m.matches()) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        if (!method.equals("POST")) {
            methodNotAllowed(exchange, "POST");
            return;
        }
        switch (engine.replay(m.group(1))) {
            case REQUEUED -> Json.send(exchange, 202, Map.of("status", "requeued", "id", m.group(1)));
            case NOT_FOUND -> Json.error(exchange, 404, "no dead letter with this id", "id");
            case DESTINATION_GONE -> Json.error(exchange, 409,
                    "its destination is not configured any more; the dead letter stays where it is", "id");
            case REFUSED -> {
                exchange.getResponseHeaders().set("Retry-After", "5");
                Json.error(exchange, 503, "not accepted now, retry", "");
            }
            case UNAVAILABLE -> unavailable(exchange);
        }
    }

    /** 503 with {@code Retry-After}, as {@code /api/v1/escalations} answers while Redis is down. */
    private static void unavailable(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        Json.error(exchange, 503, "dead letters unavailable, retry", "");
    }

    private static void methodNotAllowed(HttpExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        Json.error(exchange, 405, "method not allowed; use " + allow, "");
    }

    private static Map<String, Object> json(DeadLetter l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("tenant", l.delivery().tenant());
        m.put("destination", l.delivery().destination().name());
        m.put("group_key", l.delivery().groupKey());
        m.put("priority", l.delivery().priority().name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", l.reason());
        m.put("error_code", l.errorCode());
        m.put("attempts", l.attempts());
        m.put("at", l.at().toString());
        m.put("text", l.delivery().message().text());
        return m;
    }

    /** Discards bytes: the request body is drained so the connection can be reused. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
