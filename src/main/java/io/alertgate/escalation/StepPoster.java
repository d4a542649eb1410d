package io.alertgate.escalation;

import io.alertgate.config.TenantConfig;
import io.alertgate.store.EscalationRecord;

/**
 * Posts one escalation step to its level's targets (the gateway enqueues Delivery records on the
 * outbox, so steps share the rate limits, breakers and retries of every other message).
 */
@FunctionalInterface
public interface StepPoster {
    /**
     * @param escalation the escalation as it was before this step; ACTIVE with {@code endedBy} set (and
     *     {@code endedAtMillis}) when this step follows that acknowledgement's expiry
     * @param step the step firing, 1-based
     * @param level the level it fires
     * @return false when the outbox refused a message (closed or full): the step is tried again later
     */
    boolean post(EscalationRecord escalation, int step, TenantConfig.Escalation.Level level);
}
