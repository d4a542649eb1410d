package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigException;
import io.alertgate.delivery.DeadLetter;
import io.alertgate.secrets.KeyRing;
import io.alertgate.slack.FakeSlack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token rotation end to end: config keys (enc: and ${VAR}), the gateway's wiring, dead letters and logs. */
class TokenRotationGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CLIENT_ID = "1234.5678";
    private static final String CLIENT_SECRET = "client-secret-gateway-rotation";
    private static final String REFRESH = "xoxe-1-gateway-initial-refresh";
    private static final String STALE_BOT = "xoxe.xoxb-stale-configured-token";

    @TempDir Path dir;

    private static final class Capture extends Handler {
        final List<String> lines = new ArrayList<>();
        final JsonLogFormatter formatter = new JsonLogFormatter();

        @Override
        public synchronized void publish(LogRecord r) {
            lines.add(formatter.format(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private Path config(FakeSlack slack, String encryptedRefresh) throws Exception {
        Path file = dir.resolve("alertgate.yaml");
        Files.writeString(file, """
                server:
                  listen: 127.0.0.1:0
                  slack_api_url: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config:
                            bot_token: "${BOT}"
                            refresh_token: "%s"
                            client_id: "${CLIENT_ID}"
                            client_secret: "${CLIENT_SECRET}"
                          channels: {default: "#alerts"}
                          retry: {max_attempts: 3, base_ms: 1, cap_ms: 1}
                """.formatted(slack.apiBase(), encryptedRefresh));
        return file;
    }

    private void run(String clientSecret, java.util.function.BiConsumer<FakeSlack, Gateway> check) throws Exception {
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("io.alertgate");
        Level before = ours.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        try (FakeSlack slack = FakeSlack.start()) {
            slack.enableTokenRotation(CLIENT_ID, CLIENT_SECRET, REFRESH, 43_200);
            String key = KeyRing.generateKey(new SecureRandom());
            KeyRing ring = KeyRing.of(List.of(key), Clock.systemUTC());
            String enc = "enc:" + ring.encrypt(REFRESH.getBytes(StandardCharsets.UTF_8));
            Map<String, String> env = Map.of("ALERTGATE_KEYS", key, "BOT", STALE_BOT, "CLIENT_ID", CLIENT_ID,
                    "CLIENT_SECRET", clientSecret);
            var loaded = Gateway.loadConfig(config(slack, enc), env);
            PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            try (Gateway gateway = Gateway.start(loaded, new Gateway.Options(Clock.systemUTC(),
                    Gateway.defaultHttpClient(), console, io.alertgate.delivery.DeliveryListener.NONE))) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayHttpTest.VALID)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
                check.accept(slack, gateway);
            }
            List<String> tokens = new ArrayList<>(List.of(REFRESH, STALE_BOT, CLIENT_SECRET, "xoxe-1-fake-refresh-", key));
            tokens.addAll(slack.issuedTokens());
            synchronized (capture) {
                assertFalse(capture.lines.isEmpty());
                for (String line : capture.lines) {
                    for (String token : tokens) assertFalse(line.contains(token), "a token reached the log: " + line);
                }
            }
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
    }

    @Test
    void gateway_refreshesTheConfiguredToken_andPostsWithTheRotatedOne() throws Exception {
        run(CLIENT_SECRET, (slack, gateway) -> {
            try {
                var got = slack.awaitMessages(1, java.time.Duration.ofSeconds(10));
                assertEquals("Bearer xoxe.xoxb-fake-1", got.get(0).header("Authorization"));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void refusedRefresh_isDeadLetteredAsAuth_afterOneRefreshAttempt() throws Exception {
        run("wrong-client-secret", (slack, gateway) -> {
            try {
                for (int i = 0; i < 500 && gateway.engine().deadLetters().list().isEmpty(); i++) Thread.sleep(10);
                List<DeadLetter> dead = gateway.engine().deadLetters().list();
                assertEquals(1, dead.size(), "dead-lettered: " + slack.received());
                assertEquals("auth", dead.get(0).reason());
                assertEquals("bad_client_secret", dead.get(0).errorCode());
                assertEquals(1, dead.get(0).attempts(), "AUTH is not retried");
                assertEquals(1, slack.received().stream().filter(x -> x.path().equals("/api/oauth.v2.access")).count());
                assertTrue(slack.received().stream().noneMatch(x -> x.path().equals("/api/chat.postMessage")));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void rotationKeys_withoutClientSecret_areRefusedAtLoad() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Path file = config(slack, REFRESH);
            Files.writeString(file, Files.readString(file).replaceAll("(?m)^ *client_secret:.*\n", ""));
            var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> Gateway.loadConfig(file, Map.of("BOT", STALE_BOT, "CLIENT_ID", CLIENT_ID)));
            assertTrue(e.getMessage().contains("token rotation needs"), e.getMessage());
            assertFalse(e.getMessage().contains(REFRESH));
        }
    }
}
