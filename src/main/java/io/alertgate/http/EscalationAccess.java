package io.alertgate.http;

import io.alertgate.escalation.Escalations;
import java.net.URI;
import java.time.Clock;
import io.alertgate.silence.Silencer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the escalation endpoints need: the scheduler, each tenant's Slack signing secret (as bytes,
 * built by {@code app}; never logged or shown) and the clock for the signature's replay window.
 *
 * @param silencers each tenant's Alertmanager (its {@code alertmanager.url}), by tenant id, for the
 *     Silence buttons; a tenant without one gets an ephemeral "not configured" answer
 * @param audit where created and failed silences are recorded
 * @param responseUrlPrefix {@code server.slack_response_url_prefix}: the only place an interaction's
 *     {@code response_url} may point ({@link SlackSilenceAction#allowed})
 */
public record EscalationAccess(Escalations escalations, List<SigningKey> signingKeys, Clock clock,
        Map<String, Silencer> silencers, AuditTrail audit, URI responseUrlPrefix) {
    public EscalationAccess {
        Objects.requireNonNull(escalations, "escalations");
        signingKeys = List.copyOf(signingKeys);
        Objects.requireNonNull(clock, "clock");
        silencers = Map.copyOf(silencers);
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(responseUrlPrefix, "responseUrlPrefix");
    }

    /** With Slack's own {@code response_url} host only ({@link SlackSilenceAction#SLACK_RESPONSE_URL_PREFIX}). */
    public EscalationAccess(Escalations escalations, List<SigningKey> signingKeys, Clock clock,
            Map<String, Silencer> silencers, AuditTrail audit) {
        this(escalations, signingKeys, clock, silencers, audit, SlackSilenceAction.SLACK_RESPONSE_URL_PREFIX);
    }

    /** Without Silence buttons. */
    public EscalationAccess(Escalations escalations, List<SigningKey> signingKeys, Clock clock) {
        this(escalations, signingKeys, clock, Map.of(), AuditTrail.NONE);
    }

    /** A tenant's {@code app_config.signing_secret} as UTF-8 bytes. */
    public record SigningKey(String tenant, byte[] secret) {
        @Override
        public String toString() {
            return "SigningKey[tenant=" + tenant + ", secret=[MASKED]]";
        }
    }
}
