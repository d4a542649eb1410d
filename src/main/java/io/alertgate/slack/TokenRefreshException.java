package io.alertgate.slack;

/**
 * A failed {@code oauth.v2.access} refresh, classified once through {@link SlackErrors}: a refused
 * refresh token or client credentials are {@link FailureReason#AUTH} (not retried, dead-lettered);
 * a network failure or 5xx stays retryable. The message names the code only, never a token.
 *
 * @param httpStatus 0 when no answer arrived
 * @param code Slack's error code ("" when none), e.g. {@code invalid_refresh_token}
 */
public final class TokenRefreshException extends RuntimeException {
    private final FailureReason reason;
    private final int httpStatus;
    private final String code;

    public TokenRefreshException(FailureReason reason, int httpStatus, String code) {
        super("slack token refresh failed: " + reason.label() + (code.isEmpty() ? "" : " (" + code + ")"), null, false, false);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public FailureReason reason() {
        return reason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
