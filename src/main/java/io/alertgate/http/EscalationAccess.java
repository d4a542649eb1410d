package io.alertgate.http;

import io.alertgate.escalation.Escalations;
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
 */
public record EscalationAccess(Escalations escalations, List<SigningKey> signingKeys, Clock clock,
        Map<String, Silencer> silencers, AuditTrail audit) {
    public EscalationAccess {
        Objects.requireNonNull(escalations, "escalations");
        signingKeys = List.copyOf(signingKeys);
        Objects.requireNonNull(clock, "clock");
        silencers = Map.copyOf(silencers);
        Objects.requireNonNull(audit, "audit");
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
