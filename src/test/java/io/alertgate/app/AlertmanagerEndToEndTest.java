package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.BlockKitLimits;
import io.alertgate.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Alertmanager (Debian's {@code prometheus-alertmanager}) posts its webhook to a running
 * alertgate, which delivers to a fake Slack: firing first, then resolved.
 */
class AlertmanagerEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;
    private FakeSlack slack;
    private Gateway gateway;
    private RealAlertmanager alertmanager;

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) alertmanager.close();
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
    }

    @Test
    void alertmanagerWebhook_firingThenResolved_reachesSlackAsBlockKit() throws Exception {
        ExternalProgram.require("prometheus-alertmanager", "alertmanager");
        slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                """.formatted(slack.webhookUrl("ops")), null);
        gateway = Gateway.start(config, Gateway.Options.defaults());

        alertmanager = RealAlertmanager.start(dir, """
                route:
                  receiver: alertgate
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: alertgate
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alerts/acme
                        send_resolved: true
                """.formatted(gateway.port()), "--web.external-url=http://alertmanager.example.test:9093");

        Instant start = Instant.now().minusSeconds(60);
        postAlert(start, Instant.now().plusSeconds(3600));
        List<FakeSlack.Received> firing = slack.awaitMessages(1, Duration.ofSeconds(30));
        Map<String, Object> first = firing.get(0).body();
        String firstText = JSON.std.asString(first);
        assertTrue(firstText.contains("FIRING"), firstText);
        assertTrue(firstText.contains("DiskFull"), firstText);
        assertTrue(firstText.contains("http://alertmanager.example.test:9093"), "links back to Alertmanager");
        assertTrue(firstText.contains("&lt;db-1&gt; &amp; co"), "payload values are escaped: " + firstText);
        assertFalse(firstText.contains("<db-1>"), "no raw value reaches mrkdwn: " + firstText);
        assertEquals(List.of(), BlockKitLimits.violations(first));

        postAlert(start, Instant.now().minusSeconds(1));
        List<FakeSlack.Received> both = slack.awaitMessages(2, Duration.ofSeconds(30));
        String resolved = JSON.std.asString(both.get(1).body());
        assertTrue(resolved.contains("RESOLVED"), resolved);
        assertEquals(List.of(), BlockKitLimits.violations(both.get(1).body()));
    }

    @Test
    void alertmanagerWithBearerCredentials_isAccepted_whileAnUnauthenticatedPostIsRefused() throws Exception {
        ExternalProgram.require("prometheus-alertmanager", "alertmanager");
        String token = "am-bearer-0123456789abcdef";
        slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of("AM_TOKEN", token), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                tenants:
                  acme:
                    environments:
                      prod:
                        auth:
                          bearer_token: "${AM_TOKEN}"
                          allowed_cidrs: ["127.0.0.0/8", "::1/128"]
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                """.formatted(slack.webhookUrl("ops")), null);
        gateway = Gateway.start(config, Gateway.Options.defaults());
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());

        Files.writeString(dir.resolve("token"), token);
        alertmanager = RealAlertmanager.start(dir, """
                route:
                  receiver: alertgate
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: alertgate
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alerts/acme
                        http_config:
                          authorization:
                            credentials_file: %s
                """.formatted(gateway.port(), dir.resolve("token")));
        postAlert(Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        List<FakeSlack.Received> firing = slack.awaitMessages(1, Duration.ofSeconds(30));
        assertTrue(JSON.std.asString(firing.get(0).body()).contains("DiskFull"));
    }

    private void postAlert(Instant startsAt, Instant endsAt) throws Exception {
        String alerts = JSON.std.asString(List.of(Map.of(
                "labels", Map.of("alertname", "DiskFull", "severity", "critical", "instance", "db-1:9100",
                        "note", "<script>"),
                "annotations", Map.of("summary", "Disk almost full on <db-1> & co", "runbook_url", "https://runbooks.example.com/disk"),
                "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString(),
                "generatorURL", "http://prometheus.example.test/graph")));
        alertmanager.postAlerts(alerts);
    }
}
