package io.alertgate.http;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import io.alertgate.escalation.EscalationView;
import io.alertgate.escalation.Escalations;
import io.alertgate.silence.SilenceRequest;
import io.alertgate.silence.SilenceResult;
import io.alertgate.silence.Silencer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The *Silence 1h* / *Silence 4h* buttons of {@code POST /slack/interactions}: creates an
 * Alertmanager silence for the group's labels, then acknowledges the escalation, audits, and tells
 * the presser the outcome as an ephemeral message through the interaction's {@code response_url}.
 *
 * <p>Design note: the interaction is answered 200 before Alertmanager is called, on a virtual thread
 * of its own, so a slow or unreachable Alertmanager (bounded by {@code alertmanager.timeout_ms}) can
 * never push the answer past Slack's 3-second window; the outcome, good or bad, reaches the user
 * through {@code response_url} (valid 30 minutes, 5 uses). The escalation is acknowledged only after
 * Alertmanager returned a silenceID: while silenced, Alertmanager sends nothing more for the group —
 * not even its resolve — so a running escalation would keep paging people about an alert someone
 * already chose to mute. If the silence fails, the escalation keeps going.
 */
final class SlackSilenceAction {
    static final Map<String, Duration> DURATIONS = Map.of(
            "alertgate_silence_1h", Duration.ofHours(1),
            "alertgate_silence_4h", Duration.ofHours(4));
    /** Bound on posting the outcome to {@code response_url}. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Where Slack's {@code response_url}s live ({@code https://hooks.slack.com/actions/T…/…/…}, Slack's
     * block_actions payload reference); the default of {@code server.slack_response_url_prefix}.
     */
    static final URI SLACK_RESPONSE_URL_PREFIX = URI.create("https://hooks.slack.com/");
    private static final System.Logger LOG = System.getLogger("io.alertgate.http");
    private static final HttpClient RESPONSES = HttpClient.newBuilder().connectTimeout(RESPONSE_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private SlackSilenceAction() {}

    /**
     * A pressed Silence button.
     *
     * @param duration 1 h or 4 h, from the {@code action_id}
     * @param escalationId the button value's {@code id}
     * @param matchers the button value's {@code matchers}: label name → value
     * @param responseUrl the payload's {@code response_url}, empty when missing or not http(s)
     */
    record Pressed(Duration duration, String escalationId, Map<String, String> matchers, Optional<URI> responseUrl) {}

    /** Whether a {@code block_actions} payload has a Silence action at all (well-formed or not). */
    static boolean hasSilenceAction(Map<String, Object> payload) {
        if (!"block_actions".equals(payload.get("type")) || !(payload.get("actions") instanceof List<?> actions)) return false;
        return actions.stream().anyMatch(a -> a instanceof Map<?, ?> m && DURATIONS.containsKey(m.get("action_id")));
    }

    /** The Silence action of a {@code block_actions} payload, if it has one with a well-formed value. */
    static Optional<Pressed> pressed(Map<String, Object> payload) {
        if (!"block_actions".equals(payload.get("type")) || !(payload.get("actions") instanceof List<?> actions)) {
            return Optional.empty();
        }
        for (Object a : actions) {
            if (!(a instanceof Map<?, ?> m) || !(m.get("action_id") instanceof String actionId)) continue;
            Duration d = DURATIONS.get(actionId);
            if (d == null || !(m.get("value") instanceof String value)) continue;
            try {
                Map<String, Object> v = JSON.std.mapFrom(value);
                if (!(v.get("id") instanceof String id) || !(v.get("matchers") instanceof Map<?, ?> raw)) continue;
                Map<String, String> matchers = new TreeMap<>();
                for (var e : raw.entrySet()) {
                    if (e.getKey() instanceof String k && !k.isEmpty() && e.getValue() instanceof String s) matchers.put(k, s);
                }
                if (matchers.isEmpty()) continue;
                return Optional.of(new Pressed(d, id, matchers, responseUrl(payload.get("response_url"))));
            } catch (IOException e) {
                continue;
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> responseUrl(Object raw) {
        if (!(raw instanceof String s)) return Optional.empty();
        try {
            URI u = new URI(s);
            boolean web = "https".equals(u.getScheme()) || "http".equals(u.getScheme());
            return web && u.getHost() != null ? Optional.of(u) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code url} lies under {@code prefix}: the same scheme, host (any case) and port, no
     * user info, and a path starting with the prefix's path (which ends in '/'). Compared as parts,
     * not as strings, so {@code https://hooks.slack.com.evil.test/} and
     * {@code https://hooks.slack.com@evil.test/} are refused.
     */
    static boolean allowed(URI url, URI prefix) {
        if (url.getRawUserInfo() != null || url.getHost() == null || url.getScheme() == null) return false;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getScheme().equalsIgnoreCase(prefix.getScheme())
                && url.getHost().equalsIgnoreCase(prefix.getHost())
                && port(url) == port(prefix)
                && !path.contains("/../")
                && path.startsWith(prefix.getRawPath() == null || prefix.getRawPath().isEmpty() ? "/" : prefix.getRawPath());
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Answers the interaction (403 for another tenant's escalation, else 200 at once) and creates the
     * silence in the background.
     *
     * @param tenant the tenant whose signing secret verified the request
     * @param by who pressed, as {@code slack:<id> (<name>)}
     */
    static void handle(HttpExchange exchange, EscalationAccess access, String tenant, Pressed pressed, String by)
            throws IOException {
        if (!SlackInteractionsHandler.wellFormedId(pressed.escalationId())) {
            Json.error(exchange, 400, "a Silence button's id must be an escalation id (<tenant>.<id>)",
                    SlackInteractionsHandler.VALUE_PATH);
            return;
        }
        if (!EscalationView.tenantOf(pressed.escalationId()).equals(tenant)) {
            Json.error(exchange, 403, "this escalation belongs to another tenant", SlackInteractionsHandler.VALUE_PATH);
            return;
        }
        Json.send(exchange, 200, Map.of("ok", true, "result", "silencing"));
        Thread.ofVirtual().name("slack-silence").start(() -> {
            try {
                run(access, tenant, pressed, by);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "silence from Slack failed", e);
            }
        });
    }

    /** Creates the silence, acknowledges, audits and reports; never throws for an outside failure. */
    static void run(EscalationAccess access, String tenant, Pressed pressed, String by) {
        String span = pressed.duration().toHours() + "h";
        if (pressed.responseUrl().isPresent() && !allowed(pressed.responseUrl().get(), access.responseUrlPrefix())) {
            // The host only: the rest of a response_url is a bearer capability for 30 minutes.
            LOG.log(System.Logger.Level.WARNING, "response_url on host {0} is outside server.slack_response_url_prefix "
                    + "(host {1}): the silence goes ahead, its outcome is not posted back",
                    pressed.responseUrl().get().getHost(), access.responseUrlPrefix().getHost());
            pressed = new Pressed(pressed.duration(), pressed.escalationId(), pressed.matchers(), Optional.empty());
        }
        Silencer silencer = access.silencers().get(tenant);
        if (silencer == null) {
            respond(pressed, ":warning: No Alertmanager is configured for this tenant (`alertmanager.url`); nothing was silenced.");
            return;
        }
        String id = pressed.escalationId();
        String groupKey = "";
        try {
            groupKey = access.escalations().find(id).map(EscalationView::groupKey).orElse("");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "escalation {0} not read for the silence comment: {1}", id, e.getMessage());
        }
        Instant now = access.clock().instant();
        String createdBy = by.startsWith("slack:") ? by.substring("slack:".length()) : by;
        String comment = "alertgate: silenced " + span + " from Slack; escalation " + id
                + (groupKey.isEmpty() ? "" : "; group " + groupKey);
        SilenceResult result = silencer.silence(new SilenceRequest(pressed.matchers(), now, now.plus(pressed.duration()),
                createdBy, comment));
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("tenant", tenant);
        audit.put("escalation", id);
        audit.put("user", by);
        audit.put("duration", span);
        switch (result) {
            case SilenceResult.Created created -> {
                String ack;
                try {
                    ack = access.escalations().acknowledgeUntil(id, by + " via silence " + created.silenceId(),
                                    now.plus(pressed.duration()))
                            .name().toLowerCase(java.util.Locale.ROOT);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "silence {0} created but escalation {1} not acknowledged: {2}",
                            created.silenceId(), id, e.toString());
                    ack = "state_unavailable";
                }
                audit.put("silence_id", created.silenceId());
                audit.put("ack", ack);
                access.audit().record("slack.silence", audit);
                LOG.log(System.Logger.Level.INFO, "silence {0} created for escalation {1} ({2})", created.silenceId(), id, span);
                String escalation = switch (ack) {
                    case "acknowledged" -> "the escalation is acknowledged until the silence ends";
                    case "state_unavailable" -> "the escalation could not be acknowledged (state unavailable): press Acknowledge";
                    default -> "the escalation was already acknowledged or resolved (an acknowledgement that would "
                            + "run out sooner now lasts until the silence ends)";
                };
                respond(pressed, ":mute: Silenced for " + span + " in Alertmanager (silence `" + escape(created.silenceId())
                        + "`, until <!date^" + now.plus(pressed.duration()).getEpochSecond() + "^{time}|"
                        + now.plus(pressed.duration()) + ">); " + escalation + ".");
            }
            case SilenceResult.Failed failed -> {
                audit.put("reason", failed.reason().name().toLowerCase(java.util.Locale.ROOT));
                audit.put("status", Integer.toString(failed.status()));
                access.audit().record("slack.silence.failure", audit);
                LOG.log(System.Logger.Level.WARNING, "silence for escalation {0} failed: {1} {2}", id, failed.reason(),
                        failed.status());
                respond(pressed, ":warning: Alertmanager did not create the silence (" + failed.reason().name().toLowerCase(java.util.Locale.ROOT)
                        + (failed.status() > 0 ? ", HTTP " + failed.status() : "")
                        + (failed.detail().isEmpty() ? "" : ": " + escape(failed.detail()))
                        + "). Nothing was silenced and the escalation continues.");
            }
        }
    }

    /** Posts an ephemeral message to the interaction's {@code response_url}; failures are logged, not thrown. */
    private static void respond(Pressed pressed, String mrkdwn) {
        if (pressed.responseUrl().isEmpty()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_type", "ephemeral");
        body.put("replace_original", false);
        body.put("text", mrkdwn);
        try {
            HttpRequest request = HttpRequest.newBuilder(pressed.responseUrl().get()).timeout(RESPONSE_TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body), StandardCharsets.UTF_8)).build();
            HttpResponse<Void> r = RESPONSES.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) LOG.log(System.Logger.Level.WARNING, "response_url answered {0}", r.statusCode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "response_url not reached: {0}", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Slack mrkdwn's three control characters, so Alertmanager's error text cannot ping or link. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
