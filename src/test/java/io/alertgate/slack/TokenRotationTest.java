package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.secrets.Secret;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack token rotation over real HTTP against {@link FakeSlack}'s {@code oauth.v2.access}, on a fake clock. */
class TokenRotationTest {
    private static final String CLIENT_ID = "1234.5678";
    private static final String CLIENT_SECRET = "client-secret-rotation-test";
    private static final String REFRESH = "xoxe-1-initial-refresh-token";
    private static final String CONFIGURED = "xoxe.xoxb-configured-and-stale";
    private static final long EXPIRES_IN_SECONDS = 43_200;
    private static final SlackMessage MESSAGE = new SlackMessage("hello", List.of(), List.of());

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class Capture extends Handler {
        final List<String> lines = new ArrayList<>();

        {
            setFormatter(new SimpleFormatter());
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            lines.add(getFormatter().format(r) + " " + r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private final Capture capture = new Capture();
    private final Logger ours = Logger.getLogger("io.alertgate");
    private Level before;
    private FakeSlack slack;
    private final ManualClock clock = new ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        before = ours.getLevel();
        ours.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        slack = FakeSlack.start();
        slack.enableTokenRotation(CLIENT_ID, CLIENT_SECRET, REFRESH, EXPIRES_IN_SECONDS);
    }

    @AfterEach
    void stop() {
        slack.close();
        Logger.getLogger("").removeHandler(capture);
        ours.setLevel(before);
        List<String> tokens = new ArrayList<>(List.of(REFRESH, CONFIGURED, CLIENT_SECRET, "xoxe-1-fake-refresh-"));
        tokens.addAll(slack.issuedTokens());
        synchronized (capture) {
            for (String line : capture.lines) {
                for (String token : tokens) assertFalse(line.contains(token), "a token reached the log: " + line);
            }
        }
    }

    private RotatingTokenSource source(String clientSecret) {
        return new RotatingTokenSource("acme", Secret.of(CONFIGURED),
                new RotatingTokenSource.Credentials(Secret.of(REFRESH), Secret.of(CLIENT_ID), Secret.of(clientSecret)),
                http, slack.apiBase(), Duration.ofSeconds(5), clock);
    }

    private SendResult send(TokenSource tokens) {
        var transport = new HttpSlackTransport(http, Duration.ofSeconds(5), c -> tokens);
        return transport.send(new Destination.Channel("#alerts", "#alerts", Secret.of(CONFIGURED), slack.apiBase()), MESSAGE);
    }

    private long count(String path) {
        return slack.received().stream().filter(r -> r.path().equals(path)).count();
    }

    private List<String> bearers() {
        return slack.received().stream().filter(r -> r.path().equals("/api/chat.postMessage"))
                .map(r -> r.header("Authorization").substring("Bearer ".length())).toList();
    }

    @Test
    void rotatingToken_isRefreshedBeforeItExpires_atEightyPercentOfExpiresIn() {
        RotatingTokenSource tokens = source(CLIENT_SECRET);
        assertTrue(send(tokens).ok(), "the first send exchanges the refresh token first");
        assertEquals(1, count("/api/oauth.v2.access"));
        var form = slack.received().get(0).body();
        assertEquals("refresh_token", form.get("grant_type"));
        assertEquals(REFRESH, form.get("refresh_token"));

        clock.advance(Duration.ofSeconds(EXPIRES_IN_SECONDS * 79 / 100));
        assertTrue(send(tokens).ok());
        assertEquals(1, count("/api/oauth.v2.access"), "before 80 % of expires_in the token is kept");

        clock.advance(Duration.ofSeconds(EXPIRES_IN_SECONDS / 100));
        assertTrue(send(tokens).ok());
        assertEquals(2, count("/api/oauth.v2.access"), "at 80 % of expires_in the token is refreshed");
        assertEquals(List.of("xoxe.xoxb-fake-1", "xoxe.xoxb-fake-1", "xoxe.xoxb-fake-2"), bearers());
        assertEquals("xoxe-1-fake-refresh-1", slack.received().get(3).body().get("refresh_token"),
                "the refresh token from the last answer is the one sent next");
        assertTrue(slack.received().stream().allMatch(r -> r.status() == 200 && !r.toString().contains("token_expired")));
    }

    @Test
    void expiredToken_isRefreshedOnce_andTheSendRetriedOnce() {
        RotatingTokenSource tokens = source(CLIENT_SECRET);
        assertTrue(send(tokens).ok());
        slack.expireIssuedTokens();

        SendResult result = send(tokens);

        assertTrue(result.ok(), "retried with the fresh token: " + result);
        List<String> paths = slack.received().stream().map(FakeSlack.Received::path).toList();
        assertEquals(List.of("/api/oauth.v2.access", "/api/chat.postMessage",
                "/api/chat.postMessage", "/api/oauth.v2.access", "/api/chat.postMessage"), paths);
        assertFalse(slack.received().get(2).accepted(), "the expired token was refused");
        assertEquals(List.of("xoxe.xoxb-fake-1", "xoxe.xoxb-fake-1", "xoxe.xoxb-fake-2"), bearers());
    }

    @Test
    void refusedRefresh_isClassifiedAuth_andNotRetried() {
        SendResult result = send(source("wrong-client-secret"));

        assertEquals(FailureReason.AUTH, result.reason());
        assertEquals("bad_client_secret", result.errorCode());
        assertFalse(result.reason().retryable());
        assertEquals(1, count("/api/oauth.v2.access"), "one refresh attempt, no loop");
        assertEquals(0, count("/api/chat.postMessage"), "nothing is sent without a token");
    }

    @Test
    void fixedToken_isNotRenewed_onTokenExpired() {
        slack.failNext("/api/chat.postMessage", 200, "{\"ok\":false,\"error\":\"token_expired\"}", java.util.Map.of());
        SendResult result = send(new TokenSource.Fixed(Secret.of(FakeSlack.TOKEN)));

        assertEquals(FailureReason.AUTH, result.reason());
        assertEquals(1, count("/api/chat.postMessage"));
        assertEquals(0, count("/api/oauth.v2.access"));
    }
}
