package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import redis.clients.jedis.RedisClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alertgate serve} in its own JVM on a real redis-server, killed with SIGKILL while Slack
 * refuses everything: a second process with the same consumer name delivers every notification the
 * first one answered 202 for, each exactly once.
 */
class DurableOutboxKillTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int NOTIFICATIONS = 25;
    /** A bound on waiting, not a speed assertion. */
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir Path dir;
    private final List<ServeProcess> gateways = new ArrayList<>();
    private RedisServer redis;
    private FakeSlack slack;

    @AfterEach
    void stop() throws Exception {
        for (ServeProcess p : gateways) p.close();
        if (slack != null) slack.close();
        if (redis != null) redis.close();
    }

    @Test
    void gatewayKilledWithNineWhileSlackRefuses_restartedOneDeliversEveryAcceptedNotificationExactlyOnce()
            throws Exception {
        redis = RedisServer.startAppendOnly();
        slack = FakeSlack.start();
        slack.refuseAll(true);
        Path config = dir.resolve("alertgate.yaml");
        Files.writeString(config, """
                server:
                  listen: 127.0.0.1:0
                redis:
                  url: "%s"
                  consumer_name: kill-test
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                          rate_limiting: {enabled: false}
                          retry: {base_ms: 50, cap_ms: 200, max_attempts: 100, max_age_seconds: 3600}
                          circuit_breaker: {failure_threshold: 100}
                """.formatted(redis.url(), slack.webhookUrl("ops")));

        ServeProcess first = serve(config);
        int port = first.port();
        for (int i = 0; i < NOTIFICATIONS; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/acme"))
                    .POST(HttpRequest.BodyPublishers.ofString(webhook("Alert" + i))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());
        }
        // Slack refused the head of the lane a few times; the rest wait behind it (a retry keeps its place).
        awaitRefusals(3);
        first.kill(); // SIGKILL: no drain, no shutdown hook
        int refusedBeforeKill = slack.received().size();

        slack.refuseAll(false);
        serve(config);
        slack.awaitMessages(NOTIFICATIONS, AWAIT);
        awaitOutboxEmpty();

        Map<String, Integer> delivered = new TreeMap<>();
        for (FakeSlack.Received r : slack.received()) {
            if (r.accepted()) delivered.merge(alertname(r), 1, Integer::sum);
        }
        Map<String, Integer> once = new TreeMap<>();
        for (int i = 0; i < NOTIFICATIONS; i++) once.put("Alert" + i, 1);
        assertEquals(once, delivered, "refused before the kill: " + refusedBeforeKill);
    }

    private static String webhook(String alertname) {
        return GatewayHttpTest.VALID.replace("HighLatency", alertname).replace("abc123", "fp-" + alertname);
    }

    /** The alertname in the message text (each test message names its own). */
    private static String alertname(FakeSlack.Received r) {
        Matcher m = Pattern.compile("Alert\\d+").matcher(String.valueOf(r.body()));
        return m.find() ? m.group() : "?";
    }

    private ServeProcess serve(Path config) throws Exception {
        ServeProcess p = ServeProcess.start(config);
        gateways.add(p);
        return p;
    }

    private void awaitRefusals(int n) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (slack.received().size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("Slack saw " + slack.received().size() + " requests");
            Thread.sleep(20);
        }
    }

    private void awaitOutboxEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        try (RedisClient c = RedisClient.create("127.0.0.1", redis.port())) {
            while (c.xlen("alertgate:{acme}:outbox") > 0) {
                if (System.nanoTime() > deadline) throw new AssertionError("the outbox never emptied");
                Thread.sleep(20);
            }
        }
    }
}
