package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.slack_response_url_prefix}: Slack's hooks host unless configured. */
class ResponseUrlPrefixConfigTest {
    private static GatewayConfig load(String server) throws Exception {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(server + """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack: {channels: {default: "#alerts"}, app_config: {bot_token: "xoxb-test-0000"}}
                """, null);
    }

    @Test
    void slackResponseUrlPrefix_whenAbsent_isSlacksHooksHost() throws Exception {
        assertEquals(URI.create("https://hooks.slack.com/"), load("server: {listen: '127.0.0.1:0'}\n").server().slackResponseUrlPrefix());
        assertEquals(URI.create("https://hooks.slack.com/"), load("").server().slackResponseUrlPrefix());
    }

    @Test
    void slackResponseUrlPrefix_whenSet_getsATrailingSlash() throws Exception {
        assertEquals(URI.create("http://127.0.0.1:8080/actions/"),
                load("server: {slack_response_url_prefix: 'http://127.0.0.1:8080/actions'}\n").server().slackResponseUrlPrefix());
    }

    @Test
    void slackResponseUrlPrefix_notAnHttpUrl_failsTheLoadWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("server: {slack_response_url_prefix: 'ftp://x/'}\n"));
        assertTrue(e.describe().contains("slack_response_url_prefix"), e.describe());
    }
}
