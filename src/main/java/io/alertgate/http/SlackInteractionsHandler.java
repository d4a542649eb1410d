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
 * not know are answered 200 and ignored, so Slack shows no error for them. A verified payload of the
 * wrong shape (not an object, {@code actions} not a list, a button value null or not a string, …) is
 * 400 {@code {"error","path"}} naming the field ({@link #action}), never a dropped connection.
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
        Object parsed;
        try {
            String raw = formField(new String(body, StandardCharsets.UTF_8), "payload")
                    .orElseThrow(() -> new IllegalArgumentException("no payload field"));
            parsed = JSON.std.anyFrom(raw);
        } catch (IOException | IllegalArgumentException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            // Also a correctly signed "payload=null", "[]" or "1": never a dropped connection.
            Json.error(exchange, 400, "expected a form-encoded payload with Slack's interaction JSON (an object)", "payload");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) map;
        Action action = action(payload);
        switch (action) {
            case Action.Malformed bad -> Json.error(exchange, 400, bad.error(), bad.path());
            case Action.Ignored ignored -> Json.send(exchange, 200, Map.of("ok", true, "ignored", true));
            case Action.Silence silence ->
                    SlackSilenceAction.handle(exchange, access.get(), tenant.get(), silence.pressed(), user(payload));
            case Action.Acknowledge ack -> acknowledge(exchange, access.get(), tenant.get(), ack, user(payload));
        }
    }

    /** What a verified payload asks for; every JSON-shape problem is {@link Malformed}, with its path. */
    sealed interface Action {
        /** 400 {@code {"error","path"}}. */
        record Malformed(String error, String path) implements Action {}
        /** Not a button of ours (another type or action_id): answered 200 so Slack shows no error. */
        record Ignored() implements Action {}
        /** The Acknowledge button; {@code valuePath} is where its value sat. */
        record Acknowledge(String escalationId, String valuePath) implements Action {}
        /** A Silence button. */
        record Silence(SlackSilenceAction.Pressed pressed) implements Action {}
    }

    /**
     * The payload's action, checking the shape of everything read: {@code type} a string;
     * for {@code block_actions}, {@code actions} a list of objects each with a string {@code action_id};
     * for our buttons a string {@code value}; {@code user} an object and {@code response_url} a string
     * when present. The first of our buttons wins (Slack sends one action per press).
     */
    static Action action(Map<String, Object> payload) {
        if (!(payload.get("type") instanceof String type)) {
            return new Action.Malformed("payload.type must be a string (Slack's interaction type)", "payload.type");
        }
        if (payload.containsKey("user") && !(payload.get("user") instanceof Map<?, ?>)) {
            return new Action.Malformed("payload.user must be an object", "payload.user");
        }
        if (payload.get("response_url") != null && !(payload.get("response_url") instanceof String)) {
            return new Action.Malformed("payload.response_url must be a string", "payload.response_url");
        }
        if (!"block_actions".equals(type)) return new Action.Ignored();
        if (!(payload.get("actions") instanceof List<?> actions)) {
            return new Action.Malformed("payload.actions must be a list of actions", "payload.actions");
        }
        for (int i = 0; i < actions.size(); i++) {
            String at = "payload.actions[" + i + "]";
            if (!(actions.get(i) instanceof Map<?, ?> a)) return new Action.Malformed(at + " must be an object", at);
            if (!(a.get("action_id") instanceof String actionId)) {
                return new Action.Malformed(at + ".action_id must be a string", at + ".action_id");
            }
            boolean ours = ACK_ACTION_ID.equals(actionId) || SlackSilenceAction.DURATIONS.containsKey(actionId);
            if (!ours) continue;
            if (!(a.get("value") instanceof String value)) {
                return new Action.Malformed(at + ".value must be a string (the button's value)", at + ".value");
            }
            if (ACK_ACTION_ID.equals(actionId)) return new Action.Acknowledge(value, at + ".value");
            return SlackSilenceAction.pressed(SlackSilenceAction.DURATIONS.get(actionId), value, at + ".value",
                    payload.get("response_url"));
        }
        return new Action.Ignored();
    }

    private static void acknowledge(HttpExchange exchange, EscalationAccess access, String tenant, Action.Acknowledge ack,
            String by) throws IOException {
        String id = ack.escalationId();
        if (!wellFormedId(id)) {
            Json.error(exchange, 400, "an Acknowledge button's value must be an escalation id (<tenant>.<id>)", ack.valuePath());
            return;
        }
        if (!EscalationView.tenantOf(id).equals(tenant)) {
            Json.error(exchange, 403, "this escalation belongs to another tenant", ack.valuePath());
            return;
        }
        Escalations.AckResult result;
        try {
            result = access.escalations().acknowledge(id, by);
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

    /** An escalation id as the gateway makes them: {@code <tenant>.<id>}, both parts non-empty. */
    static boolean wellFormedId(String id) {
        return !EscalationView.tenantOf(id).isEmpty() && !id.endsWith(".");
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
