package io.alertgate.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Escalations and their due steps. Every method is atomic on its own; {@link #transition} is a
 * compare-and-set, so two replicas racing on one escalation (a step firing while someone
 * acknowledges) cannot both win. Times are epoch milliseconds from the caller's clock.
 *
 * @throws StoreException (unchecked, every method) when the backing store is unreachable
 */
public interface EscalationStore {

    /**
     * Stores {@code fresh} and schedules its first step at {@code firstDueMillis} unless the group
     * already has an unfinished escalation.
     *
     * @return the group's unfinished escalation: {@code fresh}, or the one already there
     */
    EscalationRecord createIfAbsent(EscalationRecord fresh, long firstDueMillis);

    /** The escalation with this id, finished or not (finished ones may be forgotten). */
    Optional<EscalationRecord> get(String tenant, String id);

    /** The group's unfinished escalation. */
    Optional<EscalationRecord> byGroup(String tenant, String groupKey);

    /** The tenant's unfinished escalations, in no particular order. */
    List<EscalationRecord> unfinished(String tenant);

    /**
     * Replaces {@code from} with {@code to} if the stored record still has {@code from}'s state and
     * step. With {@code nextDueMillis}, the next step is scheduled; without, nothing stays
     * scheduled. When {@code finished}, the group is free for a new escalation.
     *
     * @return false when the stored record changed in between (someone else moved it)
     */
    boolean transition(EscalationRecord from, EscalationRecord to, OptionalLong nextDueMillis, boolean finished);

    /**
     * Claims up to {@code limit} of the tenant's steps due at {@code nowMillis}: each is leased to
     * the caller until {@code nowMillis + leaseMillis}, after which another caller may claim it again
     * (its claimer died). A claimed step is settled by {@link #transition} or {@link #release}.
     *
     * @return escalation ids, each returned to exactly one caller per lease
     */
    List<String> claimDue(String tenant, long nowMillis, long leaseMillis, int limit);

    /** Drops a claimed step that turned out to need nothing (its escalation already ended). */
    void release(String tenant, String id);
}
