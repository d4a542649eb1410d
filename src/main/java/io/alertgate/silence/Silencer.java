package io.alertgate.silence;

/**
 * Creates one silence. The seam between the Slack *Silence* buttons and an Alertmanager; one
 * attempt, no retry (a person pressed a button and waits for the answer).
 */
@FunctionalInterface
public interface Silencer {
    /** Never throws for a refusing or unreachable Alertmanager: that is a {@link SilenceResult.Failed}. */
    SilenceResult silence(SilenceRequest request);
}
