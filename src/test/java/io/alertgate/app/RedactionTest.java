package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config full of secrets, a scenario with failures (refused credentials, Slack errors, dead
 * letters, a bad config), and a scan of every log line (alertgate's at every level), error body, API answer,
 * audit line and CLI output: no secret value appears anywhere.
 */
class RedactionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN = "admin-token-redaction-0123456789";
    private static final String BEARER = "tenant-bearer-redaction-0123456789";
    private static final String PASSWORD = "tenant-basic-password-redaction";
    private static final String SIGNING = "signing-secret-redaction-abcdef";
    private static final String ENCRYPTED_PLAIN = "encrypted-admin-bearer-redaction-42";

    @TempDir Path dir;

    /** Captures every record of every logger, formatted as the product formats them. */
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

    @Test
    void secrets_neverAppearInLogsErrorsAnswersOrAudit() throws Exception {
        // Every logger at INFO and above (the product's level), and alertgate's own at every level;
        // JDK internals at DEBUG would log the fake Slack's own request lines, which are not ours.
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("io.alertgate");
        Level before = ours.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        ours.setLevel(Level.ALL);
        List<String> seen = new ArrayList<>();
        try (FakeSlack slack = FakeSlack.start()) {
            String key = KeyRing.generateKey(new SecureRandom());
            KeyRing ring = KeyRing.of(List.of(key), Clock.systemUTC());
            String enc = "enc:" + ring.encrypt(ENCRYPTED_PLAIN.getBytes(StandardCharsets.UTF_8));
            String webhook = slack.webhookUrl("ops");
            String gone = slack.webhookUrl("gone");
            Map<String, String> env = Map.of("ALERTGATE_KEYS", key, "BOT", FakeSlack.TOKEN, "HOOK", webhook,
                    "GONE", gone, "PASS", PASSWORD);
            Path config = dir.resolve("alertgate.yaml");
            Files.writeString(config, """
                    server:
                      listen: 127.0.0.1:0
                      slack_api_url: "%s"
                      admin_token: "%s"
                      audit_file: %s
                    tenants:
                      acme:
                        environments:
                          prod:
                            auth:
                              bearer_token: "%s"
                              basic: {username: am, password: "${PASS}"}
                            slack:
                              app_config: {bot_token: "${BOT}", signing_secret: "%s"}
                              webhooks: {ops: "${HOOK}", gone: "${GONE}"}
                              channels: {default: webhook:ops}
                              retry: {max_attempts: 1, base_ms: 1, cap_ms: 1}
                              routing_rules:
                                - matchers: ['alertname="HighLatency"']
                                  target_channels: ["webhook:ops", "webhook:gone", "#alerts"]
                    """.formatted(slack.apiBase(), ADMIN, dir.resolve("audit.log"), enc, SIGNING));
            var loaded = Gateway.loadConfig(config, env);
            PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            slack.failNext(FakeSlack.webhookPath("ops"), 500, "internal_error", Map.of());
            slack.failNext(FakeSlack.webhookPath("gone"), 404, "no_service", Map.of());
            slack.failNext("/api/chat.postMessage", 200, "{\"ok\":false,\"error\":\"invalid_auth\"}", Map.of());
            try (Gateway gateway = Gateway.start(loaded, new Gateway.Options(Clock.systemUTC(),
                    Gateway.defaultHttpClient(), console, io.alertgate.delivery.DeliveryListener.NONE))) {
                String base = "http://127.0.0.1:" + gateway.port();
                seen.add(send(base + "/api/v1/alerts/acme", "Bearer " + ENCRYPTED_PLAIN + "x", GatewayHttpTest.VALID));
                seen.add(send(base + "/api/v1/alerts/acme", basicHeader("am", PASSWORD + "x"), GatewayHttpTest.VALID));
                seen.add(send(base + "/api/v1/alerts/acme", "Bearer " + ENCRYPTED_PLAIN, "{not json"));
                seen.add(send(base + "/api/v1/alerts/acme", basicHeader("am", PASSWORD), GatewayHttpTest.VALID));
                for (int i = 0; i < 500 && gateway.engine().deadLetters().list().size() < 3; i++) Thread.sleep(10);
                assertEquals(3, gateway.engine().deadLetters().list().size(), "three destinations failed for good");
                seen.add(get(base + "/api/v1/deadletters", "Bearer " + ADMIN));
                seen.add(get(base + "/api/v1/deadletters", "Bearer " + ADMIN + "x"));
                seen.add(get(base + "/healthz", null));
                seen.add(get(base + "/readyz", null));
                String id = gateway.engine().deadLetters().list().get(0).id();
                seen.add(send(base + "/api/v1/deadletters/" + id + "/replay", "Bearer " + ADMIN, ""));
            }
            // A bad config whose error must not quote the secret it is about.
            Path bad = dir.resolve("bad.yaml");
            Files.writeString(bad, Files.readString(config).replace("\"${HOOK}\"", "\"ftp://" + SIGNING + "@x\""));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            assertEquals(Commands.INVALID, new Commands(ps, ps, env, "test").validate(bad, "paranoid", "json",
                    java.util.Optional.empty()));
            seen.add(out.toString(StandardCharsets.UTF_8));
            seen.add(Files.readString(dir.resolve("audit.log")));

            List<String> secrets = List.of(ADMIN, BEARER, PASSWORD, SIGNING, ENCRYPTED_PLAIN, FakeSlack.TOKEN,
                    FakeSlack.webhookPath("ops"), FakeSlack.webhookPath("gone"), "secretops", "secretgone", key);
            List<String> everything = new ArrayList<>(seen);
            synchronized (capture) {
                everything.addAll(capture.lines);
            }
            assertTrue(capture.lines.size() > 5, "the scenario logged: " + capture.lines);
            assertTrue(String.join("", everything).contains("auth.failure"), "auth failures were audited");
            assertTrue(String.join("", everything).contains("deadletter.replay"), "the replay was audited");
            for (String text : everything) {
                for (String secret : secrets) {
                    assertFalse(text.contains(secret), "secret " + secret.substring(0, 6) + "… leaked in: " + text);
                }
            }
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
    }

    private static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String send(String uri, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().map() + " " + r.body();
    }

    private static String get(String uri, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).GET();
        if (auth != null) b.header("Authorization", auth);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().map() + " " + r.body();
    }
}
