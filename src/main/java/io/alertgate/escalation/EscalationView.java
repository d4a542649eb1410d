package io.alertgate.escalation;

import io.alertgate.store.EscalationRecord;
import java.time.Instant;

/**
 * An escalation as callers outside this package see it (listings, API answers).
 *
 * @param step steps fired so far
 * @param endedBy who acknowledged it, "" while unfinished
 * @param severity the group's {@code severity} that started it, "" when unknown
 * @param ackUntil when a Silence button's acknowledgement runs out (the silence's end); empty otherwise
 * @param silenceLabels the group's labels stored when it started, name → value sorted by name: what a
 *     Silence button silences (never the button's own claim); empty for a record written before labels were kept
 */
public record EscalationView(String id, String tenant, String groupKey, String alertname, EscalationState state,
        int step, Instant startedAt, String endedBy, String severity, java.util.Optional<Instant> ackUntil,
        java.util.SortedMap<String, String> silenceLabels) {

    static EscalationView of(EscalationRecord r) {
        return new EscalationView(r.id(), r.tenant(), r.groupKey(), r.alertname(), EscalationState.valueOf(r.state()),
                r.step(), Instant.ofEpochMilli(r.startedAtMillis()), r.endedBy(), r.severity(),
                r.ackUntilMillis() > 0 ? java.util.Optional.of(Instant.ofEpochMilli(r.ackUntilMillis())) : java.util.Optional.empty(),
                r.silenceLabels());
    }

    /** The tenant part of an escalation id ({@code tenant.hex}), or "" when the id has no dot. */
    public static String tenantOf(String id) {
        return EscalationRecord.tenantOf(id);
    }
}
