package io.alertgate.pipeline;

import io.alertgate.alert.AlertGroup;
import java.util.Optional;

/**
 * Told of every accepted notification before it is enqueued, so escalations start (firing
 * critical/high groups) and stop (resolved ones); {@code app} wires it to the escalation scheduler.
 */
@FunctionalInterface
public interface EscalationHook {
    /** No escalations (dry runs, benchmarks, tenants without them). */
    EscalationHook NONE = (tenant, group) -> Optional.empty();

    /**
     * @return the id of the group's unfinished escalation when its messages should carry an
     *     Acknowledge button; empty otherwise. Never throws for an unreachable store.
     */
    Optional<String> onAccepted(String tenant, AlertGroup group);
}
