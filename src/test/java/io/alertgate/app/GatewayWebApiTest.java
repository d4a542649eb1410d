package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.slack.FakeSlack;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Channel and direct-message targets go through chat.postMessage with the bot token, at the configured API base. */
class GatewayWebApiTest {

    @Test
    void channelAndUserTargets_postThroughTheWebApiWithTheBotToken() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            String yaml = """
                    server:
                      listen: 127.0.0.1:0
                      slack_api_url: "%s"
                    tenants:
                      acme:
                        environments:
                          prod:
                            slack:
                              app_config: {bot_token: "${BOT}"}
                              users: {oncall: U0ONCALL1}
                              channels: {default: "#alerts"}
                              routing_rules:
                                - id: latency
                                  matchers: ['alertname="HighLatency"']
                                  target_channels: ["#alerts", "@oncall"]
                                  template: short
                              templates:
                                short: "{{alert.summary}}"
                    """.formatted(slack.apiBase());
            try (RunningGateway gateway = RunningGateway.start(yaml, Map.of("BOT", FakeSlack.TOKEN), Gateway.Options.defaults())) {
                HttpResponse<String> r = gateway.send("POST", "/api/v1/alerts/acme", (String) null, GatewayHttpTest.VALID);
                assertEquals(202, r.statusCode(), r.body());
                List<FakeSlack.Received> got = slack.awaitMessages(2, RunningGateway.AWAIT);
                Set<Object> channels = got.stream().map(m -> m.body().get("channel")).collect(Collectors.toSet());
                assertEquals(Set.of("#alerts", "U0ONCALL1"), channels);
                for (FakeSlack.Received m : got) {
                    assertEquals("/api/chat.postMessage", m.path());
                    assertEquals("Bearer " + FakeSlack.TOKEN, m.header("Authorization"));
                    assertTrue(JSON.std.asString(m.body()).contains("p99 over 1s"), "rendered: " + m.body());
                    assertEquals(Map.of("event_type", "alertgate_notification", "event_payload",
                            Map.of("correlation_id", r.headers().firstValue("X-Request-Id").orElseThrow())),
                            m.body().get("metadata"), "the correlation id travels as Slack message metadata");
                }
            }
        }
    }
}
