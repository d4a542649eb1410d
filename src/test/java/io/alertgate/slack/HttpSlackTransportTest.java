package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.secrets.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpSlackTransportTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final SlackMessage MESSAGE = new SlackMessage("hello", List.of(), List.of());
    private static FakeSlack slack;
    private final HttpSlackTransport transport = new HttpSlackTransport(CLIENT);

    @BeforeAll
    static void start() throws IOException {
        slack = FakeSlack.start();
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    private static Destination.Webhook webhook(String name) {
        return new Destination.Webhook("webhook:" + name, Secret.of(slack.webhookUrl(name)));
    }

    private static Destination.Channel channel(String token) {
        return new Destination.Channel("#alerts", "#alerts", Secret.of(token), slack.apiBase());
    }

    @Test
    void send_toWebhook_answeredOk_succeeds() throws Exception {
        SendResult r = transport.send(webhook("ok"), MESSAGE);
        assertEquals(SendResult.ok(200, "", ""), r);
        var got = slack.received().stream().filter(x -> x.path().equals(FakeSlack.webhookPath("ok"))).findFirst().orElseThrow();
        assertEquals("hello", got.body().get("text"));
        assertEquals("application/json; charset=utf-8", got.header("Content-Type"));
    }

    /** Every incoming-webhook error of limits.json, with its HTTP status, maps to the table's reason. */
    static Stream<Arguments> webhookErrors() throws IOException {
        Map<String, Object> limits = JSON.std.mapFrom(Files.readString(SlackFixtures.shared().resolve("corpus/slack/limits.json")));
        List<Arguments> out = new ArrayList<>();
        for (Object o : (List<?>) limits.get("incoming_webhook_errors")) {
            Map<?, ?> e = (Map<?, ?>) o;
            String code = (String) e.get("error");
            int status = ((Number) e.get("http_status")).intValue();
            if (code.equals("ok")) continue;
            if (code.startsWith("(")) code = "";
            out.add(Arguments.of(code, status));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("webhookErrors")
    void send_toWebhook_errorAnswer_isClassifiedOnce(String code, int status) {
        String name = "err" + status + code.replace("_", "");
        slack.failNext(FakeSlack.webhookPath(name), status, code, Map.of());
        SendResult r = transport.send(webhook(name), MESSAGE);
        assertEquals(SlackErrors.classify(status, code), r.reason());
        assertEquals(status, r.httpStatus());
        assertEquals(code, r.errorCode());
        assertFalse(r.ok());
    }

    @Test
    void send_rateLimited_readsRetryAfterSeconds() {
        slack.failNext(FakeSlack.webhookPath("busy"), 429, "", Map.of("Retry-After", "7"));
        SendResult r = transport.send(webhook("busy"), MESSAGE);
        assertEquals(FailureReason.RATE_LIMITED, r.reason());
        assertEquals(Optional.of(Duration.ofSeconds(7)), r.retryAfter());
    }

    @Test
    void send_serverErrorWithHtmlPage_isServerErrorWithoutCode() {
        slack.failNext(FakeSlack.webhookPath("down"), 503, "<html>Service Unavailable</html>", Map.of());
        SendResult r = transport.send(webhook("down"), MESSAGE);
        assertEquals(FailureReason.SERVER_ERROR, r.reason());
        assertEquals("", r.errorCode());
    }

    @Test
    void send_messageBreakingALimit_isRejectedAsInvalidBlocks() {
        var tooLong = new SlackMessage("t", List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "x".repeat(3001)))), List.of());
        assertEquals(FailureReason.BAD_PAYLOAD, transport.send(webhook("limits"), tooLong).reason());
        assertEquals("invalid_blocks", transport.send(channel(FakeSlack.TOKEN), tooLong).errorCode());
    }

    @Test
    void send_toChannel_returnsChannelIdAndTs() {
        SendResult r = transport.send(channel(FakeSlack.TOKEN), MESSAGE);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.channel().startsWith("C"));
        assertFalse(r.ts().isEmpty());
        var got = slack.received().stream().filter(x -> x.path().equals("/api/chat.postMessage")).reduce((a, b) -> b).orElseThrow();
        assertEquals("Bearer " + FakeSlack.TOKEN, got.header("Authorization"));
        assertEquals("#alerts", got.body().get("channel"));
    }

    @Test
    void send_toChannelWithWrongToken_isAuth() {
        SendResult r = transport.send(channel("xoxb-wrong"), MESSAGE);
        assertEquals(FailureReason.AUTH, r.reason());
        assertEquals("invalid_auth", r.errorCode());
    }

    @Test
    void send_toChannelAnsweredOkFalse_isClassifiedByCode() {
        slack.failNext("/api/chat.postMessage", 200, "{\"ok\":false,\"error\":\"channel_not_found\"}", Map.of());
        SendResult r = transport.send(channel(FakeSlack.TOKEN), MESSAGE);
        assertEquals(FailureReason.CHANNEL_GONE, r.reason());
        assertEquals(200, r.httpStatus());
    }

    @Test
    void send_toChannelRateLimited_readsRetryAfter() {
        slack.failNext("/api/chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "30"));
        SendResult r = transport.send(channel(FakeSlack.TOKEN), MESSAGE);
        assertEquals(FailureReason.RATE_LIMITED, r.reason());
        assertEquals(Optional.of(Duration.ofSeconds(30)), r.retryAfter());
    }

    @Test
    void send_connectionRefused_isNetwork() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var dest = new Destination.Webhook("w", Secret.of("http://127.0.0.1:" + port + "/services/T1/B1/x"));
        assertEquals(FailureReason.NETWORK, transport.send(dest, MESSAGE).reason());
    }

    @Test
    void send_noAnswerInTime_isTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            var dest = new Destination.Webhook("w", Secret.of("http://127.0.0.1:" + silent.getLocalPort() + "/services/T1/B1/x"));
            SendResult r = new HttpSlackTransport(CLIENT, Duration.ofMillis(300)).send(dest, MESSAGE);
            assertEquals(FailureReason.TIMEOUT, r.reason());
        }
    }

    @Test
    void send_failure_neverShowsTheUrlOrToken() {
        String secretPath = "/services/T0SECRET/B0SECRET/verysecretpart";
        String url = slack.apiBase().resolve("/").toString() + secretPath.substring(1);
        slack.failNext(secretPath, 500, "failed for " + url, Map.of());
        String token = "xoxb-very-secret-token";
        slack.failNext("/api/chat.postMessage", 200, "{\"ok\":false,\"error\":\"invalid_auth " + token + "\"}", Map.of());
        List<SendResult> results = List.of(
                transport.send(new Destination.Webhook("w", Secret.of(url)), MESSAGE),
                transport.send(new Destination.Channel("#a", "#a", Secret.of(token), slack.apiBase()), MESSAGE),
                transport.send(new Destination.Webhook("w", Secret.of("ht tp://bad url/verysecretpart")), MESSAGE),
                transport.send(new Destination.Channel("#a", "#a", Secret.of("bad\ntoken verysecretpart"), slack.apiBase()), MESSAGE));
        for (SendResult r : results) {
            assertFalse(r.ok());
            assertFalse(r.toString().contains("verysecretpart") || r.toString().contains("SECRET") || r.toString().contains(token), r.toString());
        }
    }

    @Test
    void send_toConsoleDestination_isUnsupportedNotThrown() {
        assertEquals(FailureReason.UNKNOWN, transport.send(new Destination.Console("console"), MESSAGE).reason());
    }

    @Test
    void fakeSlack_awaitMessages_returnsAcceptedMessagesOnly() throws Exception {
        try (FakeSlack own = FakeSlack.start()) {
            var dest = new Destination.Webhook("w", Secret.of(own.webhookUrl("a")));
            own.failNext(FakeSlack.webhookPath("a"), 500, "rollup_error", Map.of());
            transport.send(dest, MESSAGE);
            transport.send(dest, MESSAGE);
            assertEquals(1, own.awaitMessages(1, Duration.ofSeconds(5)).size());
            assertEquals(2, own.received().size());
            assertEquals(URI.create(own.webhookUrl("a")).getPath(), own.received().get(0).path());
        }
    }
}
