package io.alertgate.http;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import io.alertgate.escalation.EscalationState;
import io.alertgate.escalation.EscalationView;
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
import java.util.Map;
import java.util.Optional;

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
     * @param valuePath where the value sat ({@code payload.actions[i].value}), for a 400's {@code path}
     * @param responseUrl the payload's {@code response_url}, empty when missing or not http(s)
     */
    record Pressed(Duration duration, String escalationId, String valuePath, Optional<URI> responseUrl) {}

    /**
     * A Silence button's value, {@code {"id": "<tenant>.<id>"}}, read. A {@code "matchers"} member (buttons
     * posted before the gateway kept labels) is accepted and ignored: what is silenced is always the
     * escalation's stored labels, so a signed button cannot name what to mute.
     *
     * @return {@link SlackInteractionsHandler.Action.Silence}, or {@code Malformed} at {@code valuePath}
     */
    static SlackInteractionsHandler.Action pressed(Duration duration, String value, String valuePath, Object responseUrl) {
        Object v;
        try {
            v = JSON.std.anyFrom(value);
        } catch (IOException e) {
            v = null;
        }
        if (!(v instanceof Map<?, ?> m) || !(m.get("id") instanceof String id)) {
            return new SlackInteractionsHandler.Action.Malformed(
                    "a Silence button's value must be {\"id\":\"<tenant>.<id>\"}", valuePath);
        }
        return new SlackInteractionsHandler.Action.Silence(new Pressed(duration, id, valuePath, responseUrl(responseUrl)));
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
     * Answers the interaction and creates the silence in the background: 400 for an id that is not
     * {@code <tenant>.<id>}, 403 for another tenant's escalation, 503 (Retry-After) when the escalation
     * state cannot be read; 200 {@code "result":"not_found"} for an escalation the store does not know and
     * 200 {@code "already_ended"} for a resolved one — nothing is silenced, the presser is told why
     * (ephemeral, through {@code response_url}), as the Acknowledge button answers {@code not_found};
     * else 200 {@code "silencing"}.
     *
     * @param tenant the tenant whose signing secret verified the request
     * @param by who pressed, as {@code slack:<id> (<name>)}
     */
    static void handle(HttpExchange exchange, EscalationAccess access, String tenant, Pressed pressed, String by)
            throws IOException {
        if (!SlackInteractionsHandler.wellFormedId(pressed.escalationId())) {
            Json.error(exchange, 400, "a Silence button's id must be an escalation id (<tenant>.<id>)", pressed.valuePath());
            return;
        }
        if (!EscalationView.tenantOf(pressed.escalationId()).equals(tenant)) {
            Json.error(exchange, 403, "this escalation belongs to another tenant", pressed.valuePath());
            return;
        }
        Optional<EscalationView> found;
        try {
            found = access.escalations().find(pressed.escalationId());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "escalation {0} not read for a silence: {1}", pressed.escalationId(), e.toString());
            exchange.getResponseHeaders().set("Retry-After", "5");
            Json.error(exchange, 503, "escalation state unavailable, try again", "");
            return;
        }
        Pressed checked = withAllowedResponseUrl(access, pressed);
        if (found.isEmpty()) {
            refuse(exchange, access, tenant, checked, by, "not_found", ":warning: This escalation is not known to alertgate "
                    + "(it ended long ago or never existed); nothing was silenced.");
            return;
        }
        EscalationView escalation = found.get();
        if (escalation.state() == EscalationState.RESOLVED) {
            refuse(exchange, access, tenant, checked, by, "already_ended",
                    ":white_check_mark: This escalation has resolved; nothing was silenced.");
            return;
        }
        if (escalation.silenceLabels().isEmpty()) {
            refuse(exchange, access, tenant, checked, by, "no_labels", ":warning: alertgate kept no labels for this "
                    + "escalation (it started before labels were kept); nothing was silenced — silence it in Alertmanager.");
            return;
        }
        Json.send(exchange, 200, Map.of("ok", true, "result", "silencing"));
        Thread.ofVirtual().name("slack-silence").start(() -> {
            try {
                run(access, tenant, checked, escalation, by);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "silence from Slack failed", e);
            }
        });
    }

    /** 200 with {@code result}, an audit record, and the reason to the presser (in the background). */
    private static void refuse(HttpExchange exchange, EscalationAccess access, String tenant, Pressed pressed, String by,
            String result, String mrkdwn) throws IOException {
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("tenant", tenant);
        audit.put("escalation", pressed.escalationId());
        audit.put("user", by);
        audit.put("reason", result);
        access.audit().record("slack.silence.refused", audit);
        LOG.log(System.Logger.Level.INFO, "silence for escalation {0} refused: {1}", pressed.escalationId(), result);
        Json.send(exchange, 200, Map.of("ok", true, "result", result));
        Thread.ofVirtual().name("slack-silence-refused").start(() -> respond(pressed, mrkdwn));
    }

    /** {@code pressed} without its response_url when that lies outside {@code server.slack_response_url_prefix}. */
    private static Pressed withAllowedResponseUrl(EscalationAccess access, Pressed pressed) {
        if (pressed.responseUrl().isEmpty() || allowed(pressed.responseUrl().get(), access.responseUrlPrefix())) return pressed;
        // The host only: the rest of a response_url is a bearer capability for 30 minutes.
        LOG.log(System.Logger.Level.WARNING, "response_url on host {0} is outside server.slack_response_url_prefix "
                + "(host {1}): the silence goes ahead, its outcome is not posted back",
                pressed.responseUrl().get().getHost(), access.responseUrlPrefix().getHost());
        return new Pressed(pressed.duration(), pressed.escalationId(), pressed.valuePath(), Optional.empty());
    }

    /**
     * Creates the silence for {@code escalation}'s stored labels, acknowledges, audits and reports;
     * never throws for an outside failure. {@code pressed}'s response_url is already checked.
     */
    static void run(EscalationAccess access, String tenant, Pressed pressed, EscalationView escalation, String by) {
        String span = pressed.duration().toHours() + "h";
        Silencer silencer = access.silencers().get(tenant);
        if (silencer == null) {
            respond(pressed, ":warning: No Alertmanager is configured for this tenant (`alertmanager.url`); nothing was silenced.");
            return;
        }
        String id = pressed.escalationId();
        String groupKey = escalation.groupKey();
        Instant now = access.clock().instant();
        String createdBy = by.startsWith("slack:") ? by.substring("slack:".length()) : by;
        String comment = "alertgate: silenced " + span + " from Slack; escalation " + id
                + (groupKey.isEmpty() ? "" : "; group " + groupKey);
        SilenceResult result = silencer.silence(new SilenceRequest(escalation.silenceLabels(), now, now.plus(pressed.duration()),
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
                String ackOutcome = switch (ack) {
                    case "acknowledged" -> "the escalation is acknowledged until the silence ends";
                    case "state_unavailable" -> "the escalation could not be acknowledged (state unavailable): press Acknowledge";
                    default -> "the escalation was already acknowledged or resolved (an acknowledgement that would "
                            + "run out sooner now lasts until the silence ends)";
                };
                respond(pressed, ":mute: Silenced for " + span + " in Alertmanager (silence `" + escape(created.silenceId())
                        + "`, until <!date^" + now.plus(pressed.duration()).getEpochSecond() + "^{time}|"
                        + now.plus(pressed.duration()) + ">); " + ackOutcome + ".");
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
