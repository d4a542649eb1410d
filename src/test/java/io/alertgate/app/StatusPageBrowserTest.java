package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: Debian's {@code chromium}, driven by {@code playwright-core}
 * ({@code ui-tests/status-page.test.mjs}), against a running gateway whose Slack is {@link FakeSlack}.
 * The gateway holds a dead letter (an archived channel, no fallback), an active escalation (a
 * critical group) and a second tenant on the console; the script logs in, compares the page with
 * the admin API, replays the dead letter with the keyboard, acknowledges the escalation, and writes
 * {@code target/status-page.png} (the README's screenshot, taken before both). Needs
 * {@code node}, {@code npm} and {@code chromium}; skipped without them, failed under CI=true.
 */
class StatusPageBrowserTest {
    private static final String ADMIN_TOKEN = "browser-test-admin-token-0123";
    private static final Path UI_TESTS = Path.of("ui-tests");
    private static final Path OUT = Path.of("target");
    /** A guard against a hung browser, not a speed assertion: the script usually needs a few seconds. */
    private static final long SCRIPT_GUARD_SECONDS = 180;
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A second group (other alertname and fingerprint), critical: it starts an escalation. */
    private static final String CRITICAL = GatewayHttpTest.VALID.replace("HighLatency", "DiskFull")
            .replace("abc123", "def456").replace("p99 over 1s", "disk 95% full")
            .replace("\"severity\":\"warning\"", "\"severity\":\"critical\"");

    private final FakeSlack slack;
    private Gateway gateway;

    StatusPageBrowserTest() throws IOException {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        slack.close();
    }

    @Test
    void statusPage_inChromium_showsTheApiFigures_replaysADeadLetter_andAcknowledgesAnEscalation() throws Exception {
        Path node = ExternalProgram.require("node");
        Path npm = ExternalProgram.require("npm");
        Path chromium = ExternalProgram.require("chromium");
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  admin_token: %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                          escalation:
                            enabled: true
                            levels:
                              - {level: 1, delay_minutes: 5, targets: ["webhook:ops"]}
                              - {level: 2, delay_minutes: 10, targets: ["webhook:ops", "console"]}
                  beta:
                    environments:
                      prod:
                        slack:
                          channels:
                            default: console
                """.formatted(ADMIN_TOKEN, slack.webhookUrl("ops")), null);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        gateway = Gateway.start(config, new Gateway.Options(Clock.systemUTC(), Gateway.defaultHttpClient(), quiet,
                io.alertgate.delivery.DeliveryListener.NONE));

        slack.failNext(FakeSlack.webhookPath("ops"), 410, "channel_is_archived", Map.of());
        assertEquals(202, post("/api/v1/alerts/acme", GatewayHttpTest.VALID));
        assertEquals(202, post("/api/v1/alerts/beta", GatewayHttpTest.VALID));
        awaitDeadLetters(1);
        assertEquals(202, post("/api/v1/alerts/acme", CRITICAL));
        slack.awaitMessages(1, AWAIT);
        assertEquals(1, gateway.escalations().unfinished().size(), "the critical group escalates");

        npmCiIfNeeded(npm);
        Path log = OUT.resolve("ui-tests.log");
        Files.createDirectories(OUT);
        ProcessBuilder pb = new ProcessBuilder(node.toString(), UI_TESTS.resolve("status-page.test.mjs").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ALERTGATE_URL", "http://127.0.0.1:" + gateway.port());
        pb.environment().put("ALERTGATE_TOKEN", ADMIN_TOKEN);
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("OUT_DIR", OUT.toString());
        pb.environment().put("TRACE_FINGERPRINT", "abc123"); // the dead-lettered alert's fingerprint
        Process run = pb.start();
        boolean ended = run.waitFor(SCRIPT_GUARD_SECONDS, TimeUnit.SECONDS);
        if (!ended) run.destroyForcibly();
        String output = Files.readString(log);
        assertTrue(ended, "browser script hung; output:\n" + output);
        assertEquals(0, run.exitValue(), "browser script failed (screenshot in target/status-page-failure.png):\n" + output);

        // The Replay pressed in the browser reached Slack: the archived channel got the message again;
        // the Acknowledge pressed there ended the escalation.
        List<FakeSlack.Received> delivered = slack.awaitMessages(2, AWAIT);
        assertTrue(delivered.stream().anyMatch(m -> m.path().equals(FakeSlack.webhookPath("ops"))
                && String.valueOf(m.body()).contains("HighLatency")), "replayed message delivered: " + delivered);
        assertTrue(gateway.engine().deadLetters().list().isEmpty(), "the replayed letter left the dead letters");
        assertTrue(gateway.escalations().unfinished().isEmpty(), "the acknowledged escalation ended");
        assertTrue(Files.size(OUT.resolve("status-page.png")) > 0, "screenshot written");
    }

    private int post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitDeadLetters(int n) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (gateway.engine().deadLetters().list().size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("no dead letter after " + AWAIT);
            Thread.sleep(20);
        }
    }

    /** {@code npm ci} from the lock file when playwright-core is not installed yet (no browser is downloaded). */
    private static void npmCiIfNeeded(Path npm) throws Exception {
        if (Files.exists(UI_TESTS.resolve("node_modules/playwright-core/package.json"))) return;
        Process ci = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
                .directory(UI_TESTS.toFile()).redirectErrorStream(true).start();
        String out = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ci.waitFor(), "npm ci in ui-tests failed:\n" + out);
    }
}
