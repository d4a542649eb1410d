package io.alertgate.escalation;

import java.util.Set;

/**
 * Where an escalation is. ACTIVE fires its levels one after another; after the last step it is
 * EXHAUSTED (nobody answered, nothing more to fire, still open). ACKNOWLEDGED and RESOLVED end it —
 * except that, when the policy has {@code ack_expiry_minutes}, an acknowledgement whose group still
 * fires when it expires re-arms the escalation at level 1 ({@link #expire}, the only way back to
 * ACTIVE), and a resolve while the acknowledgement holds ends it as RESOLVED.
 *
 * <pre>
 * ACTIVE(step n) ──step──► ACTIVE(step n+1) ──…──► EXHAUSTED
 *   ▲  │  │                                          │  │
 *   │  │  └─ack──► ACKNOWLEDGED ◄──ack───────────────┘  │
 *   │  │              │   │                            │
 *   └──┼──ack expiry──┘   └─resolve─┐                  │
 *      └─resolve─► RESOLVED ◄───────┴──resolve─────────┘
 * </pre>
 */
public enum EscalationState {
    ACTIVE, EXHAUSTED, ACKNOWLEDGED, RESOLVED;

    /** True for ACKNOWLEDGED and RESOLVED: no step fires and it cannot be acknowledged again. */
    public boolean ended() {
        return this == ACKNOWLEDGED || this == RESOLVED;
    }

    private Set<EscalationState> next() {
        return switch (this) {
            case ACTIVE -> Set.of(ACTIVE, EXHAUSTED, ACKNOWLEDGED, RESOLVED);
            case EXHAUSTED -> Set.of(ACKNOWLEDGED, RESOLVED);
            case ACKNOWLEDGED -> Set.of(RESOLVED);
            case RESOLVED -> Set.of();
        };
    }

    /**
     * The transition to {@code target}, checked.
     *
     * @throws IllegalStateException when the diagram above has no such arrow (e.g. RESOLVED →
     *     ACKNOWLEDGED), and for ACKNOWLEDGED → ACTIVE, which only {@link #expire} takes
     */
    public EscalationState to(EscalationState target) {
        if (!next().contains(target)) throw new IllegalStateException("illegal escalation transition " + this + " -> " + target);
        return target;
    }

    /**
     * The acknowledgement ran out ({@code ack_expiry_minutes}): ACKNOWLEDGED → ACTIVE.
     *
     * @throws IllegalStateException from any other state
     */
    public EscalationState expire() {
        if (this != ACKNOWLEDGED) throw new IllegalStateException("only an acknowledgement expires, not " + this);
        return ACTIVE;
    }
}
