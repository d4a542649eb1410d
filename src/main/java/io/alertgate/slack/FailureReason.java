package io.alertgate.slack;

/**
 * Why one Slack request did not succeed — decided once, where the answer is read, and used as-is
 * by retry, fallback and metric labels. {@link #NONE} means success.
 */
public enum FailureReason {
    /** Success: webhook body {@code ok}, or Web API {@code ok:true}. */
    NONE(false),
    /** HTTP 429; retry no sooner than {@code Retry-After}. */
    RATE_LIMITED(true),
    /** HTTP 5xx or {@code rollup_error}/{@code internal_error}/{@code fatal_error}/{@code service_unavailable}. */
    SERVER_ERROR(true),
    /** Connection refused/reset, DNS, TLS and other I/O errors before an answer. */
    NETWORK(true),
    /** No answer within the request timeout. */
    TIMEOUT(true),
    /** {@code channel_not_found}, {@code channel_is_archived}, {@code no_service}, {@code is_archived}, … */
    CHANNEL_GONE(false),
    /** {@code invalid_token}, {@code token_revoked}, {@code not_authed}, {@code team_disabled}, … */
    AUTH(false),
    /** {@code action_prohibited}, {@code posting_to_general_channel_denied}, {@code not_in_channel}, … */
    FORBIDDEN(false),
    /** {@code invalid_payload}, {@code invalid_blocks}, {@code no_text}, {@code msg_too_long}, … */
    BAD_PAYLOAD(false),
    /** Any other error code or status: not retried, so an unknown failure cannot loop. */
    UNKNOWN(false);

    private final boolean retryable;

    FailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    /** True when the same request may succeed later (rate limit, server error, network, timeout). */
    public boolean retryable() {
        return retryable;
    }

    /** Lower-case label value for metrics and logs, e.g. {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
