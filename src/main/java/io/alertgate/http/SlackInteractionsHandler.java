package io.alertgate.http;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.alertgate.escalation.Escalations;
import io.alertgate.escalation.EscalationView;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /slack/interactions}: Slack's interactive payloads (the Acknowledge button; the
 * Silence buttons are {@link SlackSilenceAction}). Checks
 * the v0 signature against each tenant's signing secret before reading anything, then
 * acknowledges the escalation named by the button's value — only one of the tenant whose secret
 * signed the request. Answers 200 at once (Slack shows an error after 3 seconds); actions it does
 * not know are answered 200 and ignored, so Slack shows no error for them.
 */
final class SlackInteractionsHandler implements HttpHandler {
    static final String PATH = "/slack/interactions";
    /** Interaction payloads are a few KiB; anything far larger is not from Slack. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final String ACK_ACTION_ID = "alertgate_ack";
    private static final System.Logger LOG = System.getLogger("io.alertgate.http");

    /** Read per request: a config reload changes the signing secrets and Alertmanager clients it holds. */
    private final java.util.function.Supplier<Optional<EscalationAccess>> current;

    SlackInteractionsHandler(java.util.function.Supplier<Optional<EscalationAccess>> access) {
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
        if (body.length > MAX_BODY_BYTES) {
            Json.error(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes", "");
            return;
        }
        String timestamp = exchange.getRequestHeaders().getFirst("X-Slack-Request-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Slack-Signature");
        Optional<String> tenant = Optional.empty();
        for (EscalationAccess.SigningKey key : access.get().signingKeys()) {
            if (SlackSignature.verify(key.secret(), timestamp, body, signature, access.get().clock().instant())) {
                tenant = Optional.of(key.tenant());
                break;
            }
        }
        if (tenant.isEmpty()) {
            Json.error(exchange, 401, "invalid or expired Slack signature", "X-Slack-Signature");
            return;
        }
        Map<String, Object> payload;
        try {
            String raw = formField(new String(body, StandardCharsets.UTF_8), "payload")
                    .orElseThrow(() -> new IllegalArgumentException("no payload field"));
            payload = JSON.std.mapFrom(raw);
        } catch (IOException | IllegalArgumentException e) {
            Json.error(exchange, 400, "expected a form-encoded payload with Slack's interaction JSON", "payload");
            return;
        }
        Optional<SlackSilenceAction.Pressed> silence = SlackSilenceAction.pressed(payload);
        if (silence.isPresent()) {
            SlackSilenceAction.handle(exchange, access.get(), tenant.get(), silence.get(), user(payload));
            return;
        }
        Optional<String> escalationId = ackValue(payload);
        if (escalationId.isEmpty()) {
            Json.send(exchange, 200, Map.of("ok", true, "ignored", true));
            return;
        }
        if (!EscalationView.tenantOf(escalationId.get()).equals(tenant.get())) {
            Json.error(exchange, 403, "this escalation belongs to another tenant", "actions[0].value");
            return;
        }
        String by = user(payload);
        Escalations.AckResult result;
        try {
            result = access.get().escalations().acknowledge(escalationId.get(), by);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "acknowledge failed: {0}", e.toString());
            Json.error(exchange, 503, "escalation state unavailable, try again", "");
            return;
        }
        Json.send(exchange, 200, Map.of("ok", true, "result", result.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The first {@code name} field of an {@code application/x-www-form-urlencoded} body, decoded. */
    static Optional<String> formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /** The escalation id of a {@code block_actions} payload's Acknowledge action, if it has one. */
    static Optional<String> ackValue(Map<String, Object> payload) {
        if (!"block_actions".equals(payload.get("type"))) return Optional.empty();
        if (!(payload.get("actions") instanceof List<?> actions)) return Optional.empty();
        for (Object a : actions) {
            if (a instanceof Map<?, ?> m && ACK_ACTION_ID.equals(m.get("action_id")) && m.get("value") instanceof String v) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Who pressed: {@code user.id} (and name when Slack sends it), for the record. */
    static String user(Map<String, Object> payload) {
        if (payload.get("user") instanceof Map<?, ?> u) {
            String id = u.get("id") instanceof String s ? s : "";
            String name = u.get("username") instanceof String s ? s : u.get("name") instanceof String s2 ? s2 : "";
            String who = name.isEmpty() ? id : id + " (" + name + ")";
            if (!who.isEmpty()) return "slack:" + who;
        }
        return "slack:unknown";
    }
}
