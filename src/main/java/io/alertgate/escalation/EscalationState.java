package io.alertgate.escalation;

import java.util.Set;

/**
 * Where an escalation is. ACTIVE fires its levels one after another; after the last step it is
 * EXHAUSTED (nobody answered, nothing more to fire, still open). ACKNOWLEDGED and RESOLVED end it.
 *
 * <pre>
 * ACTIVE(step n) ──step──► ACTIVE(step n+1) ──…──► EXHAUSTED
 *      │  │                                          │  │
 *      │  └─ack──► ACKNOWLEDGED ◄──ack───────────────┘  │
 *      └─resolve─► RESOLVED    ◄──resolve───────────────┘
 * </pre>
 */
public enum EscalationState {
    ACTIVE, EXHAUSTED, ACKNOWLEDGED, RESOLVED;

    /** True for ACKNOWLEDGED and RESOLVED: nothing more happens to it. */
    public boolean ended() {
        return this == ACKNOWLEDGED || this == RESOLVED;
    }

    private Set<EscalationState> next() {
        return switch (this) {
            case ACTIVE -> Set.of(ACTIVE, EXHAUSTED, ACKNOWLEDGED, RESOLVED);
            case EXHAUSTED -> Set.of(ACKNOWLEDGED, RESOLVED);
            case ACKNOWLEDGED, RESOLVED -> Set.of();
        };
    }

    /**
     * The transition to {@code target}, checked.
     *
     * @throws IllegalStateException when the diagram above has no such arrow (e.g. RESOLVED → ACKNOWLEDGED)
     */
    public EscalationState to(EscalationState target) {
        if (!next().contains(target)) throw new IllegalStateException("illegal escalation transition " + this + " -> " + target);
        return target;
    }
}
