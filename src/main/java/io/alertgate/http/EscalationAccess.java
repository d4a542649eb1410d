package io.alertgate.http;

import io.alertgate.escalation.Escalations;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What the escalation endpoints need: the scheduler, each tenant's Slack signing secret (as bytes,
 * built by {@code app}; never logged or shown) and the clock for the signature's replay window.
 */
public record EscalationAccess(Escalations escalations, List<SigningKey> signingKeys, Clock clock) {
    public EscalationAccess {
        Objects.requireNonNull(escalations, "escalations");
        signingKeys = List.copyOf(signingKeys);
        Objects.requireNonNull(clock, "clock");
    }

    /** A tenant's {@code app_config.signing_secret} as UTF-8 bytes. */
    public record SigningKey(String tenant, byte[] secret) {
        @Override
        public String toString() {
            return "SigningKey[tenant=" + tenant + ", secret=[MASKED]]";
        }
    }
}
