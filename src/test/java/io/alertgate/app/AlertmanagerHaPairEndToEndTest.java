package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Alertmanagers clustered as an HA pair ({@code --cluster.listen-address} /
 * {@code --cluster.peer}), both posting to one alertgate: each notification reaches Slack once.
 *
 * <p>An HA pair normally dedups itself: the second member waits {@code peer_timeout} (15 s) and
 * skips what the first one's gossiped notification log already holds. That hides alertgate's own
 * dedup, so the pair here runs with {@code --cluster.peer-timeout=1ms} and gossip every 10 minutes
 * (probes, which also carry gossip, likewise; push-pull hourly): the pair joins at start, but the
 * second member looks before the first one's log can arrive and sends too — the "gossip lagged"
 * case alertgate must absorb. (With the default 200 ms gossip the second member's send depends on
 * timing: a loaded machine saw it skipped.) The test counts what the Alertmanagers say they sent
 * ({@code alertmanager_notifications_total}) and checks that alertgate accepted two and dropped
 * the rest as duplicates.
 */
class AlertmanagerHaPairEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Pattern SENT = Pattern.compile(
            "(?m)^alertmanager_notifications_total\\{integration=\"webhook\"[^}]*} (\\d+)");

    @TempDir Path dir;
    private final List<RealAlertmanager> alertmanagers = new ArrayList<>();
    private FakeSlack slack;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        for (RealAlertmanager am : alertmanagers) am.close();
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
    }

    @Test
    void haPair_bothSending_reachSlackOncePerNotification() throws Exception {
        ExternalProgram.require("prometheus-alertmanager", "alertmanager");
        slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  admin_token: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                """.formatted(ADMIN_TOKEN, slack.webhookUrl("ops")), null);
        gateway = Gateway.start(config, Gateway.Options.defaults());
        String amConfig = """
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
                """.formatted(gateway.port());
        int clusterA = RealAlertmanager.freePort();
        int clusterB = RealAlertmanager.freePort();
        URI a = start("a", amConfig, clusterA, clusterB);
        URI b = start("b", amConfig, clusterB, clusterA);
        assertEquals(2, peers(a), "the two Alertmanagers form one cluster");

        // Prometheus sends every alert to every Alertmanager: post the same alert to both.
        Instant startsAt = Instant.now().minusSeconds(60);
        Instant firingEndsAt = Instant.now().plusSeconds(3600);
        for (URI am : List.of(a, b)) postAlert(am, startsAt, firingEndsAt);
        slack.awaitMessages(1, AWAIT);
        Instant endsAt = Instant.now().minusSeconds(1);
        for (URI am : List.of(a, b)) postAlert(am, startsAt, endsAt);
        List<FakeSlack.Received> both = slack.awaitMessages(2, AWAIT);
        assertTrue(JSON.std.asString(both.get(1).body()).contains("RESOLVED"));

        // Both members send both notifications (firing, resolved): four webhooks in all.
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (sent(a) + sent(b) < 4 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(4, sent(a) + sent(b), "each member sent firing and resolved (peer_timeout 1ms, no gossip in time)");
        String metrics = gatewayMetrics();
        assertTrue(metrics.contains("alertgate_notifications_deduplicated_total{tenant=\"acme\"} 2.0"), metrics);
        assertTrue(metrics.contains("alertgate_notifications_received_total{status=\"firing\",tenant=\"acme\"} 1.0"), metrics);
        assertTrue(metrics.contains("alertgate_notifications_received_total{status=\"resolved\",tenant=\"acme\"} 1.0"), metrics);
        assertEquals(2, slack.received().size(), slack.received().toString());
    }

    /** One member, ready; it joins {@code peerPort} (the first member's join waits for the settle timeout). */
    private URI start(String name, String config, int clusterPort, int peerPort) throws Exception {
        RealAlertmanager am = RealAlertmanager.start(dir.resolve(name), config,
                "--cluster.listen-address=127.0.0.1:" + clusterPort,
                "--cluster.peer=127.0.0.1:" + peerPort,
                "--cluster.peer-timeout=1ms",
                // Gossip so rarely that the first member's notification log cannot reach the second
                // within the test (see the class comment); joining works without it.
                "--cluster.gossip-interval=10m",
                "--cluster.probe-interval=10m",
                "--cluster.pushpull-interval=1h",
                "--cluster.settle-timeout=3s");
        alertmanagers.add(am);
        return am.uri();
    }

    private static long sent(URI am) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(am.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SENT.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @SuppressWarnings("unchecked")
    private static int peers(URI am) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(am.resolve("/api/v2/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Object> cluster = (Map<String, Object>) JSON.std.mapFrom(body).get("cluster");
        return ((List<Object>) cluster.get("peers")).size();
    }

    private String gatewayMetrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void postAlert(URI am, Instant startsAt, Instant endsAt) throws Exception {
        String alerts = JSON.std.asString(List.of(Map.of(
                "labels", Map.of("alertname", "DiskFull", "severity", "critical", "instance", "db-1:9100"),
                "annotations", Map.of("summary", "Disk almost full on db-1"),
                "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString(),
                "generatorURL", "http://prometheus.example.test/graph")));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(am.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
