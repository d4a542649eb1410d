package io.alertgate.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where the Silence action may post its ephemeral answer: only under the configured response_url prefix. */
class SlackResponseUrlTest {
    private static final URI SLACK = SlackSilenceAction.SLACK_RESPONSE_URL_PREFIX;

    @Test
    void allowed_slacksDocumentedResponseUrl_isAccepted() {
        assertTrue(SlackSilenceAction.allowed(URI.create("https://hooks.slack.com/actions/T0001/123456/AbCdEf"), SLACK));
        assertTrue(SlackSilenceAction.allowed(URI.create("https://HOOKS.slack.com:443/actions/T0001/1/x"), SLACK));
    }

    @Test
    void allowed_otherHosts_lookalikesAndDowngrades_areRefused() {
        for (String url : new String[] {
                "http://hooks.slack.com/actions/T0001/1/x",           // plain http
                "https://hooks.slack.com.evil.test/actions/T0001/1/x", // suffix look-alike
                "https://hooks.slack.com@evil.test/actions/T0001/1/x", // user info
                "https://evil.test/https://hooks.slack.com/",
                "https://hooks.slack.com:8443/actions/T0001/1/x",
                "http://127.0.0.1:8080/actions/T0001/1/x",
                "http://169.254.169.254/latest/meta-data/"}) {
            assertFalse(SlackSilenceAction.allowed(URI.create(url), SLACK), url);
        }
    }

    @Test
    void allowed_withAConfiguredPrefix_acceptsOnlyThatOriginAndPath() {
        URI local = URI.create("http://127.0.0.1:8080/actions/");
        assertTrue(SlackSilenceAction.allowed(URI.create("http://127.0.0.1:8080/actions/T1/1/abc"), local));
        assertFalse(SlackSilenceAction.allowed(URI.create("http://127.0.0.1:8080/admin"), local));
        assertFalse(SlackSilenceAction.allowed(URI.create("http://127.0.0.1:8080/actions/../admin"), local));
        assertFalse(SlackSilenceAction.allowed(URI.create("http://127.0.0.1:8081/actions/T1/1/abc"), local));
        assertFalse(SlackSilenceAction.allowed(URI.create("https://hooks.slack.com/actions/T1/1/abc"), local));
    }
}
