package io.alertgate.slack;

import java.time.Duration;
import java.util.Optional;

/**
 * The classified outcome of one Slack request.
 *
 * @param reason {@link FailureReason#NONE} on success
 * @param httpStatus the HTTP status, 0 when no answer arrived
 * @param errorCode Slack's error code ({@code channel_not_found}, …), "" when none; never a URL or token
 * @param retryAfter the server's {@code Retry-After} (seconds in the header), empty when absent
 * @param channel the channel ID Slack answered with ({@code chat.postMessage}), "" for webhooks
 * @param ts the message timestamp Slack answered with ({@code chat.postMessage}), "" for webhooks
 */
public record SendResult(
        FailureReason reason, int httpStatus, String errorCode, Optional<Duration> retryAfter, String channel, String ts) {

    public static SendResult ok(int httpStatus, String channel, String ts) {
        return new SendResult(FailureReason.NONE, httpStatus, "", Optional.empty(), channel, ts);
    }

    public static SendResult failed(FailureReason reason, int httpStatus, String errorCode, Optional<Duration> retryAfter) {
        return new SendResult(reason, httpStatus, errorCode, retryAfter, "", "");
    }

    public boolean ok() {
        return reason == FailureReason.NONE;
    }
}
