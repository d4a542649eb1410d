package io.alertgate.pipeline;

/** The tenant of {@code POST /api/v1/alerts/{tenant}} is not configured (HTTP 404). */
public final class UnknownTenantException extends Exception {
    public UnknownTenantException(String tenant) {
        super("unknown tenant");
    }
}
