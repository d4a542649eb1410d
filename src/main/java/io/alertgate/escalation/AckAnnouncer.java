package io.alertgate.escalation;

import io.alertgate.store.EscalationRecord;

/**
 * Tells Slack that an escalation was acknowledged: {@code app} edits the group's messages and
 * replies in their threads (per route {@code message_mode}). Called on the acknowledging request's
 * thread after the store accepted the acknowledgement; it only enqueues, so it is quick, and a
 * failure is logged by the caller, never turned into a failed acknowledgement.
 */
@FunctionalInterface
public interface AckAnnouncer {
    /** Announces nothing (tests, tenants without Slack messages). */
    AckAnnouncer NONE = acknowledged -> {};

    /**
     * @param acknowledged the record as stored: state ACKNOWLEDGED, {@code endedBy} who
     *     ({@code slack:U…} or {@code api[:name]}), {@code endedAtMillis} when, {@code startedAtMillis}
     *     the group's first notification
     */
    void announce(EscalationRecord acknowledged);
}
