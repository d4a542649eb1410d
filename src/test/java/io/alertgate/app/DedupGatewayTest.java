package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dedup inside running gateways over real HTTP, Slack faked: a notification posted twice (an
 * Alertmanager retry, or both members of an HA pair) reaches Slack once, answered 202 both times;
 * with Redis, two gateways share the keys. Deliveries to one destination leave in order, so a
 * later, different notification arriving second proves the duplicate was not queued before it.
 */
class DedupGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final String RESOLVED = GatewayHttpTest.VALID.replace("\"status\":\"firing\"", "\"status\":\"resolved\"");

    private final EscalationGatewayTest.TestClock clock = new EscalationGatewayTest.TestClock();
    private final List<Gateway> gateways = new ArrayList<>();
    private FakeSlack slack;
    private RedisServer redisServer;

    @AfterEach
    void stop() throws Exception {
        for (Gateway g : gateways) g.close();
        if (slack != null) slack.close();
        if (redisServer != null) redisServer.close();
    }

    private Gateway start(String extra) throws Exception {
        if (slack == null) slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  admin_token: "%s"
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                """.formatted(ADMIN_TOKEN, extra, slack.webhookUrl("ops")), null);
        Gateway g = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out,
                io.alertgate.delivery.DeliveryListener.NONE));
        gateways.add(g);
        return g;
    }

    private static HttpResponse<String> post(Gateway g, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(Gateway g) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/metrics"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void assertOnlyTwoMessages_theSecondResolved() throws Exception {
        List<FakeSlack.Received> got = slack.awaitMessages(2, AWAIT);
        assertEquals(2, got.size(), got.toString());
        assertNotEquals(got.get(0).body(), got.get(1).body());
        assertTrue(got.get(1).body().toString().contains("RESOLVED") || got.get(1).body().toString().toLowerCase().contains("resolved"),
                got.get(1).body().toString());
    }

    @Test
    void samePayloadTwice_postsOneSlackMessage_answers202_andCountsTheDuplicate() throws Exception {
        Gateway g = start("");
        HttpResponse<String> first = post(g, GatewayHttpTest.VALID);
        HttpResponse<String> again = post(g, GatewayHttpTest.VALID);
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(1, ((Number) JSON.std.mapFrom(first.body()).get("messages")).intValue());
        assertEquals(0, ((Number) JSON.std.mapFrom(again.body()).get("messages")).intValue());
        assertEquals(202, post(g, RESOLVED).statusCode());
        assertOnlyTwoMessages_theSecondResolved();
        assertTrue(metrics(g).contains("alertgate_notifications_deduplicated_total{tenant=\"acme\"} 1.0"), metrics(g));
    }

    @Test
    void afterTheTtl_onTheInjectedClock_theSamePayloadPostsAgain() throws Exception {
        Gateway g = start("dedup: {ttl_seconds: 60}");
        post(g, GatewayHttpTest.VALID);
        clock.now = clock.now.plusSeconds(59);
        assertEquals(0, ((Number) JSON.std.mapFrom(post(g, GatewayHttpTest.VALID).body()).get("messages")).intValue());
        clock.now = clock.now.plusSeconds(1);
        assertEquals(1, ((Number) JSON.std.mapFrom(post(g, GatewayHttpTest.VALID).body()).get("messages")).intValue());
        assertEquals(2, slack.awaitMessages(2, AWAIT).size());
    }

    @Test
    void ttlZero_turnsDedupOff() throws Exception {
        Gateway g = start("dedup: {ttl_seconds: 0}");
        post(g, GatewayHttpTest.VALID);
        post(g, GatewayHttpTest.VALID);
        List<FakeSlack.Received> got = slack.awaitMessages(2, AWAIT);
        assertEquals(got.get(0).body(), got.get(1).body());
    }

    @Test
    void twoGatewaysSharingOneRedis_postTheSameNotificationOnce() throws Exception {
        redisServer = RedisServer.start();
        String section = "redis: {url: \"" + redisServer.url() + "\"}";
        Gateway a = start(section);
        Gateway b = start(section);
        assertEquals(202, post(a, GatewayHttpTest.VALID).statusCode());
        HttpResponse<String> fromPeer = post(b, GatewayHttpTest.VALID);
        assertEquals(202, fromPeer.statusCode(), fromPeer.body());
        assertEquals(0, ((Number) JSON.std.mapFrom(fromPeer.body()).get("messages")).intValue());
        // a sends the firing message and b the resolve, from two delivery engines: wait for the first
        // so that Slack's order is the notifications' order.
        slack.awaitMessages(1, AWAIT);
        assertEquals(202, post(b, RESOLVED).statusCode());
        assertEquals(0, ((Number) JSON.std.mapFrom(post(a, RESOLVED).body()).get("messages")).intValue());
        assertOnlyTwoMessages_theSecondResolved();
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", redisServer.port())) {
            assertEquals(2, c.keys("alertgate:{acme}:dedup:*").size());
        }
    }
}
