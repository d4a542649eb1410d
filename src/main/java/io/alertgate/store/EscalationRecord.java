package io.alertgate.store;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One escalation as the store keeps it: plain values, so the store needs no knowledge of policies.
 *
 * @param id {@code {tenant}.{16 hex}}: unique, carries its tenant (see {@link #tenantOf})
 * @param tenant the tenant id
 * @param groupKey Alertmanager's group key; at most one unfinished escalation per (tenant, groupKey)
 * @param alertname the group's {@code alertname}, "" when none (for messages and listings)
 * @param state the escalation state's name ({@code ACTIVE}, {@code EXHAUSTED}, {@code ACKNOWLEDGED},
 *     {@code RESOLVED}); the {@code escalation} package owns the transitions
 * @param step steps fired so far (0 before the first); the next step to fire is {@code step + 1}
 * @param startedAtMillis when it started, epoch milliseconds
 * @param endedBy who acknowledged it (Slack user or API caller), "" otherwise
 * @param endedAtMillis when it was acknowledged or resolved, epoch milliseconds; 0 while unfinished
 * @param severity the group's {@code severity} label that started it (one the tenant's policy
 *     escalates, so a value from the config), "" when unknown (kept before this field existed)
 * @param ackUntilMillis when an acknowledgement with an end of its own runs out (a Silence button: the
 *     silence's {@code endsAt}), epoch milliseconds; 0 otherwise (an acknowledgement then follows the
 *     policy's {@code ack_expiry_minutes}), and 0 in every state but ACKNOWLEDGED
 * @param silenceLabels the group's labels when the escalation started, name → value, sorted by name
 *     ({@code AlertGroup.silenceLabels}: commonLabels, else groupLabels), so that step messages can
 *     offer the Silence buttons; empty for records kept before this field existed. Not refreshed: a
 *     group's commonLabels only shrink as alerts join, so a step's silence is never wider than the
 *     first message's.
 */
public record EscalationRecord(
        String id, String tenant, String groupKey, String alertname, String state, int step, long startedAtMillis,
        String endedBy, long endedAtMillis, String severity, long ackUntilMillis, SortedMap<String, String> silenceLabels) {

    /** Without an acknowledgement end of its own ({@code ackUntilMillis} 0) and without labels. */
    public EscalationRecord(String id, String tenant, String groupKey, String alertname, String state, int step,
            long startedAtMillis, String endedBy, long endedAtMillis, String severity) {
        this(id, tenant, groupKey, alertname, state, step, startedAtMillis, endedBy, endedAtMillis, severity, 0, new TreeMap<>());
    }

    public EscalationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(alertname, "alertname");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(endedBy, "endedBy");
        Objects.requireNonNull(severity, "severity");
        if (step < 0) throw new IllegalArgumentException("step must be >= 0");
        if (ackUntilMillis < 0) throw new IllegalArgumentException("ackUntilMillis must be >= 0");
        silenceLabels = Collections.unmodifiableSortedMap(new TreeMap<>(silenceLabels));
    }

    /** The tenant part of an escalation id ({@code tenant.hex}), or "" when the id has no dot. */
    public static String tenantOf(String id) {
        int dot = id.lastIndexOf('.');
        return dot <= 0 ? "" : id.substring(0, dot);
    }

    /**
     * This record with {@code state}, {@code step}, {@code endedBy} and {@code endedAtMillis} replaced,
     * and no {@code ackUntilMillis} (see {@link #acknowledgedUntil}).
     */
    public EscalationRecord with(String newState, int newStep, String by, long atMillis) {
        return new EscalationRecord(id, tenant, groupKey, alertname, newState, newStep, startedAtMillis, by, atMillis, severity, 0,
                silenceLabels);
    }

    /** This record with {@code ackUntilMillis} set (epoch ms, 0 for none). */
    public EscalationRecord acknowledgedUntil(long untilMillis) {
        return new EscalationRecord(id, tenant, groupKey, alertname, state, step, startedAtMillis, endedBy, endedAtMillis,
                severity, untilMillis, silenceLabels);
    }

    /** This record with {@code silenceLabels} replaced. */
    public EscalationRecord withSilenceLabels(java.util.Map<String, String> labels) {
        return new EscalationRecord(id, tenant, groupKey, alertname, state, step, startedAtMillis, endedBy, endedAtMillis,
                severity, ackUntilMillis, new TreeMap<>(labels));
    }
}
