package io.alertgate.pipeline;

/** The outbox refused a message (closed while draining, or full): HTTP 503 so Alertmanager retries. */
public final class RejectedException extends Exception {
    public RejectedException(String message) {
        super(message);
    }
}
