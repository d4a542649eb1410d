package io.alertgate.slack;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one table from a Slack answer (HTTP status and error code) to a {@link FailureReason}.
 * Incoming webhooks answer text codes with 4xx/5xx statuses; the Web API answers HTTP 200 with
 * {@code ok:false} and an {@code error} code. Codes and statuses: {@code shared/corpus/slack/limits.json}
 * ({@code incoming_webhook_errors}) and the Web API method pages.
 */
public final class SlackErrors {
    private SlackErrors() {}

    /** Longest error code kept; Slack's are short snake_case words. */
    private static final int MAX_CODE_LENGTH = 64;
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1," + MAX_CODE_LENGTH + "}");

    private static final Map<String, FailureReason> BY_CODE = Map.ofEntries(
            Map.entry("ratelimited", FailureReason.RATE_LIMITED),
            Map.entry("rate_limited", FailureReason.RATE_LIMITED),
            Map.entry("rollup_error", FailureReason.SERVER_ERROR),
            Map.entry("internal_error", FailureReason.SERVER_ERROR),
            Map.entry("fatal_error", FailureReason.SERVER_ERROR),
            Map.entry("service_unavailable", FailureReason.SERVER_ERROR),
            Map.entry("request_timeout", FailureReason.SERVER_ERROR),
            Map.entry("channel_not_found", FailureReason.CHANNEL_GONE),
            Map.entry("channel_is_archived", FailureReason.CHANNEL_GONE),
            Map.entry("is_archived", FailureReason.CHANNEL_GONE),
            Map.entry("no_service", FailureReason.CHANNEL_GONE),
            Map.entry("no_service_id", FailureReason.CHANNEL_GONE),
            Map.entry("no_team", FailureReason.CHANNEL_GONE),
            Map.entry("invalid_token", FailureReason.AUTH),
            Map.entry("token_revoked", FailureReason.AUTH),
            Map.entry("token_expired", FailureReason.AUTH),
            Map.entry("not_authed", FailureReason.AUTH),
            Map.entry("invalid_auth", FailureReason.AUTH),
            Map.entry("account_inactive", FailureReason.AUTH),
            Map.entry("team_disabled", FailureReason.AUTH),
            // oauth.v2.access refusals (token rotation): the refresh token or app credentials are wrong.
            Map.entry("invalid_refresh_token", FailureReason.AUTH),
            Map.entry("invalid_client_id", FailureReason.AUTH),
            Map.entry("bad_client_secret", FailureReason.AUTH),
            Map.entry("invalid_grant_type", FailureReason.AUTH),
            Map.entry("action_prohibited", FailureReason.FORBIDDEN),
            Map.entry("posting_to_general_channel_denied", FailureReason.FORBIDDEN),
            Map.entry("not_in_channel", FailureReason.FORBIDDEN),
            Map.entry("restricted_action", FailureReason.FORBIDDEN),
            Map.entry("invalid_payload", FailureReason.BAD_PAYLOAD),
            Map.entry("invalid_blocks", FailureReason.BAD_PAYLOAD),
            Map.entry("no_text", FailureReason.BAD_PAYLOAD),
            Map.entry("too_many_attachments", FailureReason.BAD_PAYLOAD),
            Map.entry("msg_too_long", FailureReason.BAD_PAYLOAD),
            Map.entry("user_not_found", FailureReason.BAD_PAYLOAD));

    /** {@code chat.update} answers for a message that cannot be edited any more (deleted, too old, not ours). */
    private static final java.util.Set<String> MESSAGE_GONE = java.util.Set.of("message_not_found", "cant_update_message");

    /**
     * True when {@code errorCode} says the message to update is gone or not editable
     * ({@code message_not_found}, {@code cant_update_message}): the update falls back to posting a
     * new message rather than failing the delivery.
     */
    public static boolean messageGone(String errorCode) {
        return errorCode != null && MESSAGE_GONE.contains(errorCode);
    }

    /**
     * The reason for a failed answer: 429 is always a rate limit; a known code decides next (it is
     * more precise than the status); then any 5xx is a server error; anything else is UNKNOWN, which
     * is not retried so an unforeseen answer cannot loop.
     */
    public static FailureReason classify(int status, String errorCode) {
        if (status == 429) return FailureReason.RATE_LIMITED;
        FailureReason byCode = errorCode == null ? null : BY_CODE.get(errorCode);
        if (byCode != null) return byCode;
        if (status >= 500 && status <= 599) return FailureReason.SERVER_ERROR;
        return FailureReason.UNKNOWN;
    }

    /**
     * {@code raw} when it looks like a Slack error code (lower-case snake_case, short), else "".
     * Anything else — an HTML error page, an echo of the request — is not kept, so no URL or token
     * can travel onward inside an error code.
     */
    public static String code(String raw) {
        if (raw == null) return "";
        String s = raw.strip();
        return CODE.matcher(s).matches() ? s : "";
    }
}
