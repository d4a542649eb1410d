package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.secrets.KeyRing;
import io.alertgate.slack.FakeSlack;
import io.alertgate.store.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Rotated Slack tokens kept in Redis, sealed under the key ring: a restart continues the chain of
 * refresh tokens instead of reusing the spent configured one; resolve follow-ups use the rotated token.
 * Real redis-server, FakeSlack's {@code oauth.v2.access}, real HTTP.
 */
class TokenStoreGatewayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CLIENT_ID = "1234.5678";
    private static final String CLIENT_SECRET = "client-secret-store-rotation";
    private static final String REFRESH = "xoxe-1-configured-refresh-token";
    private static final String STALE_BOT = "xoxe.xoxb-stale-configured-token";
    /** Slack's bot tokens live 12 hours; the gateway refreshes at 80 % of it. */
    private static final long EXPIRES_IN_SECONDS = 43_200;
    private static final String SECOND_GROUP = GatewayHttpTest.VALID.replace("HighLatency", "DiskFull");
    private static final String RESOLVED = GatewayHttpTest.VALID.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
            .replace("0001-01-01T00:00:00Z", "2026-11-30T02:00:00Z");

    private final String key = KeyRing.generateKey(new SecureRandom());
    private FakeSlack slack;
    private RedisServer redis;

    private final class Running implements AutoCloseable {
        final Gateway gateway;
        final LinkedBlockingQueue<String> sentTs = new LinkedBlockingQueue<>();

        Running(Clock clock, Map<String, String> env) throws Exception {
            GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                    server:
                      listen: 127.0.0.1:0
                      slack_api_url: "%s"
                    redis:
                      url: "%s"
                    tenants:
                      acme:
                        environments:
                          prod:
                            slack:
                              app_config:
                                bot_token: "%s"
                                refresh_token: "%s"
                                client_id: "%s"
                                client_secret: "%s"
                              channels: {default: "#alerts"}
                              retry: {max_attempts: 3, base_ms: 1, cap_ms: 1}
                    """.formatted(slack.apiBase(), redis.url(), STALE_BOT, REFRESH, CLIENT_ID, CLIENT_SECRET), null);
            PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            gateway = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), console, e -> {
                if (e instanceof DeliveryEvent.Attempted a && a.result().ok() && !a.result().ts().isEmpty()) sentTs.add(a.result().ts());
            }, env));
        }

        void post(String body) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());
        }

        String awaitPosted() throws InterruptedException {
            String ts = sentTs.poll(10, TimeUnit.SECONDS);
            if (ts == null) throw new AssertionError("nothing posted; slack got " + slack.received());
            return ts;
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        slack = FakeSlack.start();
        redis = RedisServer.start();
        slack.enableTokenRotation(CLIENT_ID, CLIENT_SECRET, REFRESH, EXPIRES_IN_SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (redis != null) redis.close();
        if (slack != null) slack.close();
    }

    private Map<String, String> keys() {
        return Map.of(KeyRing.ENV_KEYS, key);
    }

    private String storedValue() {
        try (RedisClient client = RedisClient.create("127.0.0.1", redis.port())) {
            return client.get("alertgate:{acme}:slack_token");
        }
    }

    @Test
    void restartedGateway_withAFreshStoredToken_postsWithIt_withoutRefreshing() throws Exception {
        try (Running first = new Running(Clock.systemUTC(), keys())) {
            first.post(GatewayHttpTest.VALID);
            first.awaitPosted();
        }
        try (Running restarted = new Running(Clock.systemUTC(), keys())) {
            restarted.post(SECOND_GROUP);
            restarted.awaitPosted();
        }
        assertEquals(List.of("xoxe.xoxb-fake-1"), slack.issuedTokens(), "one refresh in all");
        List<FakeSlack.Received> posts = slack.received().stream().filter(m -> m.path().equals("/api/chat.postMessage")).toList();
        assertEquals(2, posts.size(), posts.toString());
        for (FakeSlack.Received p : posts) assertEquals("Bearer xoxe.xoxb-fake-1", p.header("Authorization"));
    }

    @Test
    void restartedGateway_afterTheStoredTokenExpired_refreshesWithTheStoredRotatedRefreshToken_notTheConfiguredOne()
            throws Exception {
        try (Running first = new Running(Clock.systemUTC(), keys())) {
            first.post(GatewayHttpTest.VALID);
            first.awaitPosted();
        }
        // Thirteen hours later: the stored token is past its refresh time. The configured refresh
        // token was spent by the first grant; FakeSlack now accepts only xoxe-1-fake-refresh-1.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(13));
        try (Running restarted = new Running(later, keys())) {
            restarted.post(SECOND_GROUP);
            restarted.awaitPosted();
        }
        assertEquals(List.of("xoxe.xoxb-fake-1", "xoxe.xoxb-fake-2"), slack.issuedTokens());
        // Two exchanges, both granted: the configured (spent) refresh token would have been refused.
        assertEquals(2, slack.received().stream().filter(m -> m.path().equals("/api/oauth.v2.access")).count());
        FakeSlack.Received last = slack.received().stream().filter(m -> m.path().equals("/api/chat.postMessage")).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals("Bearer xoxe.xoxb-fake-2", last.header("Authorization"));
    }

    @Test
    void keyRotation_restartWithNewOld_resealsTheStoredGrantUnderNew_soDroppingOldKeepsUsingIt() throws Exception {
        String oldKey = key;
        String newKey = KeyRing.generateKey(new SecureRandom());
        try (Running first = new Running(Clock.systemUTC(), Map.of(KeyRing.ENV_KEYS, oldKey))) {
            first.post(GatewayHttpTest.VALID);
            first.awaitPosted();
        }
        KeyRing newOnly = KeyRing.of(List.of(newKey), Clock.systemUTC());
        assertThrows(RuntimeException.class, () -> newOnly.decrypt(storedValue()), "sealed under the old key at first");
        // The README's step: ALERTGATE_KEYS=NEW,OLD and restart; the start re-seals without any send.
        try (Running both = new Running(Clock.systemUTC(), Map.of(KeyRing.ENV_KEYS, newKey + "," + oldKey))) {
            assertTrue(new String(newOnly.decrypt(storedValue()), StandardCharsets.UTF_8).contains("xoxe.xoxb-fake-1"),
                    "re-sealed under the new primary key");
        }
        // OLD dropped: the stored grant is still used; the configured (spent) refresh token is not exchanged.
        try (Running newRing = new Running(Clock.systemUTC(), Map.of(KeyRing.ENV_KEYS, newKey))) {
            newRing.post(SECOND_GROUP);
            newRing.awaitPosted();
        }
        assertEquals(List.of("xoxe.xoxb-fake-1"), slack.issuedTokens(), "one refresh in all");
        assertEquals(1, slack.received().stream().filter(m -> m.path().equals("/api/oauth.v2.access")).count());
        FakeSlack.Received last = slack.received().stream().filter(m -> m.path().equals("/api/chat.postMessage")).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals("Bearer xoxe.xoxb-fake-1", last.header("Authorization"));
    }

    @Test
    void storedValueInRedis_isAFernetToken_withoutAnyTokenInClear() throws Exception {
        try (Running g = new Running(Clock.systemUTC(), keys())) {
            g.post(GatewayHttpTest.VALID);
            g.awaitPosted();
        }
        String stored = storedValue();
        assertTrue(stored != null && stored.startsWith("gAAAAA"), "a Fernet token: " + stored);
        for (String secret : List.of("xoxe.xoxb-fake-1", "xoxe-1-fake-refresh-1", REFRESH, CLIENT_SECRET)) {
            assertFalse(stored.contains(secret), secret + " in clear in Redis");
        }
        String opened = new String(KeyRing.of(List.of(key), Clock.systemUTC()).decrypt(stored), StandardCharsets.UTF_8);
        assertTrue(opened.contains("\"access_token\":\"xoxe.xoxb-fake-1\""), "sealed under the key ring");
        assertTrue(opened.contains("\"refresh_token\":\"xoxe-1-fake-refresh-1\""));
    }

    @Test
    void resolveFollowUps_afterTheTokenWasRotated_useTheNewToken() throws Exception {
        try (Running g = new Running(Clock.systemUTC(), keys())) {
            g.post(GatewayHttpTest.VALID);
            String ts = g.awaitPosted();
            slack.expireIssuedTokens(); // twelve hours pass: fake-1 now answers token_expired
            g.post(RESOLVED);
            List<FakeSlack.Received> all = slack.awaitMessages(3, WAIT);
            FakeSlack.Received update = all.stream().filter(m -> m.path().equals("/api/chat.update") && m.accepted()).findFirst()
                    .orElseThrow(() -> new AssertionError("no accepted chat.update: " + slack.received()));
            assertEquals(ts, update.body().get("ts"));
            assertEquals("Bearer xoxe.xoxb-fake-2", update.header("Authorization"));
            FakeSlack.Received reply = all.stream().filter(m -> m.path().equals("/api/chat.postMessage") && ts.equals(m.body().get("thread_ts"))
                    && m.accepted()).findFirst().orElseThrow(() -> new AssertionError("no thread reply: " + slack.received()));
            assertEquals("Bearer xoxe.xoxb-fake-2", reply.header("Authorization"));
        }
        assertTrue(new String(KeyRing.of(List.of(key), Clock.systemUTC()).decrypt(storedValue()), StandardCharsets.UTF_8)
                .contains("xoxe.xoxb-fake-2"), "the store holds the token rotated during the resolve");
    }

    @Test
    void tokenRotationWithRedis_withoutAKeyRing_isRefusedAtStart() {
        StartRefused e = assertThrows(StartRefused.class, () -> new Running(Clock.systemUTC(), Map.of()));
        assertTrue(e.getMessage().contains("ALERTGATE_KEYS"), e.getMessage());
    }

    @Test
    void twoReplicas_sharingRedis_refreshOnce_andBothUseTheSameToken() throws Exception {
        try (Running a = new Running(Clock.systemUTC(), keys()); Running b = new Running(Clock.systemUTC(), keys())) {
            a.post(GatewayHttpTest.VALID);
            a.awaitPosted();
            b.post(SECOND_GROUP);
            b.awaitPosted();
        }
        assertEquals(List.of("xoxe.xoxb-fake-1"), slack.issuedTokens(), "the second replica read the first one's grant");
    }
}
