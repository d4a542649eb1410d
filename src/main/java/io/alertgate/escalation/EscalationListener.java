package io.alertgate.escalation;

/**
 * Told what the escalation scheduler did, for metrics. Called on the poller's or the request's
 * thread after the store accepted the change; must be quick and must not throw.
 */
@FunctionalInterface
public interface EscalationListener {
    /** Listens to nothing. */
    EscalationListener NONE = event -> {};

    void on(Event event);

    /** What happened to an escalation; labels only, never an id, group key or user. */
    sealed interface Event {}

    /**
     * A step was posted to its level's targets.
     *
     * @param level the level it fired ({@code escalation.levels[].level})
     * @param severity the severity that started the escalation, "" when unknown
     */
    record StepFired(String tenant, int level, String severity) implements Event {}

    /**
     * An unfinished escalation was acknowledged.
     *
     * @param source {@code slack} (the Acknowledge button) or {@code api} (the HTTP API)
     */
    record Acknowledged(String tenant, String source) implements Event {}
}
