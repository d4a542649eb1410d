package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackErrorsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "429, '', RATE_LIMITED",
        "200, ratelimited, RATE_LIMITED",
        "500, rollup_error, SERVER_ERROR",
        "503, '', SERVER_ERROR",
        "200, internal_error, SERVER_ERROR",
        "200, fatal_error, SERVER_ERROR",
        "200, service_unavailable, SERVER_ERROR",
        "200, request_timeout, SERVER_ERROR",
        "404, channel_not_found, CHANNEL_GONE",
        "410, channel_is_archived, CHANNEL_GONE",
        "200, is_archived, CHANNEL_GONE",
        "404, no_service, CHANNEL_GONE",
        "400, no_service_id, CHANNEL_GONE",
        "400, no_team, CHANNEL_GONE",
        "403, invalid_token, AUTH",
        "200, token_revoked, AUTH",
        "200, token_expired, AUTH",
        "200, not_authed, AUTH",
        "200, invalid_auth, AUTH",
        "200, account_inactive, AUTH",
        "403, team_disabled, AUTH",
        "403, action_prohibited, FORBIDDEN",
        "403, posting_to_general_channel_denied, FORBIDDEN",
        "200, not_in_channel, FORBIDDEN",
        "200, restricted_action, FORBIDDEN",
        "400, invalid_payload, BAD_PAYLOAD",
        "400, invalid_blocks, BAD_PAYLOAD",
        "400, no_text, BAD_PAYLOAD",
        "400, too_many_attachments, BAD_PAYLOAD",
        "200, msg_too_long, BAD_PAYLOAD",
        "400, user_not_found, BAD_PAYLOAD",
        "400, something_new, UNKNOWN",
        "302, '', UNKNOWN",
    })
    void classify_statusAndCode_givesOneReason(int status, String code, FailureReason expected) {
        assertEquals(expected, SlackErrors.classify(status, code));
    }

    @ParameterizedTest
    @CsvSource({"'channel_not_found', channel_not_found", "' ok\n', ok", "'<html>oops</html>', ''",
        "'https://hooks.slack.com/services/T/B/x', ''", "'xoxb-123-abc', ''"})
    void code_keepsOnlySlackLikeCodes(String raw, String expected) {
        assertEquals(expected, SlackErrors.code(raw));
    }
}
