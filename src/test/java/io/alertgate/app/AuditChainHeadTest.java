package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail's records carry their own hash (an edit to the last line is found), old-format
 * lines still verify, {@code alertgate rotate} appends to the config's audit file, and reloads —
 * applied or refused, by {@code POST /-/reload} or SIGHUP — leave a {@code config.reload} record.
 */
class AuditChainHeadTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    private static final String ADMIN_TOKEN = "audit-admin-token-0123456789";
    @TempDir Path dir;

    private Path writeTwo() {
        Path file = dir.resolve("audit.log");
        AuditLog log = new AuditLog(CLOCK, Optional.of(file));
        log.record("config.load", Map.of("tenants", "acme"));
        log.record("auth.failure", Map.of("source", "10.0.0.1", "tenant", "acme", "reason", "wrong bearer token"));
        return file;
    }

    @Test
    void verify_editedLastLine_isReportedAtThatLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTwo()));
        lines.set(1, lines.get(1).replace("10.0.0.1", "10.0.0.9"));
        assertTrue(AuditLog.verify(lines).orElseThrow().startsWith("line 2: hash does not match"), AuditLog.verify(lines).toString());
    }

    @Test
    void verify_lastLineWithItsHashRemoved_isReported() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTwo()));
        lines.set(1, lines.get(1).replaceAll(",\"hash\":\"[0-9a-f]{64}\"", ",\"hash\":\"x\""));
        assertTrue(AuditLog.verify(lines).orElseThrow().startsWith("line 2:"));
    }

    @Test
    void head_isTheLastRecordsHash_andARestartContinuesFromIt() throws Exception {
        Path file = writeTwo();
        List<String> lines = Files.readAllLines(file);
        String head = AuditLog.head(lines);
        assertTrue(lines.get(1).endsWith(",\"hash\":\"" + head + "\"}"));
        AuditLog restarted = new AuditLog(CLOCK, Optional.of(file));
        assertEquals(head, restarted.head());
        restarted.record("ack", Map.of("id", "e1"));
        List<String> three = Files.readAllLines(file);
        assertEquals(head, JSON.std.mapFrom(three.get(2)).get("prev"));
        assertEquals(Optional.empty(), AuditLog.verify(three));
        // Truncation leaves a valid chain: only the head kept elsewhere shows it.
        assertEquals(Optional.empty(), AuditLog.verify(three.subList(0, 2)));
        assertFalse(AuditLog.head(three).equals(AuditLog.head(three.subList(0, 2))));
    }

    @Test
    void verify_formatOneLinesWithoutHash_stillVerify_andNewLinesChainOntoThem() throws Exception {
        Path file = dir.resolve("old.log");
        String first = "{\"time\":\"2026-11-29T00:00:00Z\",\"action\":\"config.load\",\"tenants\":\"acme\",\"prev\":\"" + AuditLog.GENESIS + "\"}";
        String second = "{\"time\":\"2026-11-29T00:00:01Z\",\"action\":\"ack\",\"prev\":\"" + io.alertgate.store.Sha256.hex(first) + "\"}";
        Files.write(file, List.of(first, second));
        new AuditLog(CLOCK, Optional.of(file)).record("config.load", Map.of("tenants", "acme"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(io.alertgate.store.Sha256.hex(second), JSON.std.mapFrom(lines.get(2)).get("prev"));
        assertEquals(Optional.empty(), AuditLog.verify(lines));
        List<String> edited = new ArrayList<>(lines);
        edited.set(0, first.replace("acme", "evil"));
        assertTrue(AuditLog.verify(edited).orElseThrow().startsWith("line 2:"));
    }

    @Test
    void rotate_withAuditFile_appendsKeysRotateToTheChain_notToStderr() throws Exception {
        Path audit = dir.resolve("audit.log");
        new AuditLog(CLOCK, Optional.of(audit)).record("config.load", Map.of("tenants", "t"));
        String oldKey = KeyRing.generateKey(new SecureRandom());
        String newKey = KeyRing.generateKey(new SecureRandom());
        String token = KeyRing.of(List.of(oldKey), Clock.systemUTC()).encrypt("xoxb-secret".getBytes(StandardCharsets.UTF_8));
        Path config = dir.resolve("alertgate.yaml");
        Files.writeString(config, """
                server: {audit_file: "%s"}
                tenants:
                  t:
                    environments:
                      prod:
                        slack:
                          app_config: {bot_token: "enc:%s"}
                          channels: {default: "#x"}
                """.formatted(audit, token));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Commands c = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(KeyRing.ENV_KEYS, newKey + "," + oldKey), "test");
        assertEquals(Commands.OK, c.rotate(config, Optional.empty()), err.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(audit);
        assertEquals(2, lines.size());
        Map<String, Object> rec = JSON.std.mapFrom(lines.get(1));
        assertEquals("keys.rotate", rec.get("action"));
        assertEquals("1", rec.get("values"));
        assertEquals(Optional.empty(), AuditLog.verify(lines));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("keys.rotate"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("state-store values"));
    }

    @Test
    void twoWritersOfOneFile_likeRotateBesideARunningGateway_keepOneChain() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog gateway = new AuditLog(CLOCK, Optional.of(file));
        gateway.record("config.load", Map.of("tenants", "acme"));
        AuditLog.forCommand(CLOCK, Optional.of(file), System.err).record("keys.rotate", Map.of("values", "3"));
        gateway.record("config.reload", Map.of("result", "applied"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals(Optional.empty(), AuditLog.verify(lines));
        assertEquals(AuditLog.head(lines), gateway.head());
    }

    @Test
    void aLastLineLongerThanTheTailRead_stillSeedsTheChain() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = new AuditLog(CLOCK, Optional.of(file));
        log.record("config.load", Map.of("tenants", "x".repeat(200_000)));
        log.record("ack", Map.of("id", "y".repeat(100_000)));
        log.record("ack", Map.of("id", "e2"));
        assertEquals(Optional.empty(), AuditLog.verify(Files.readAllLines(file)));
    }

    @Test
    void rotate_ofAConfigWithVariablesUnsetHere_stillAppendsToItsLiteralAuditFile() throws Exception {
        Path audit = dir.resolve("audit.log");
        String key = KeyRing.generateKey(new SecureRandom());
        Path config = dir.resolve("alertgate.yaml");
        Files.writeString(config, """
                server: {audit_file: "%s", admin_token: "${ADMIN_TOKEN}"}
                tenants:
                  t:
                    environments:
                      prod:
                        slack:
                          app_config: {bot_token: "${BOT}"}
                          channels: {default: "#x"}
                """.formatted(audit));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Commands c = new Commands(sink, sink, Map.of(KeyRing.ENV_KEYS, key), "test");
        assertEquals(Commands.OK, c.rotate(config, Optional.empty()));
        List<String> lines = Files.readAllLines(audit);
        assertEquals(1, lines.size());
        assertEquals("keys.rotate", JSON.std.mapFrom(lines.get(0)).get("action"));
    }

    @Test
    void rotate_withoutAuditFile_printsOneJsonLineOnStderr() throws Exception {
        String key = KeyRing.generateKey(new SecureRandom());
        Path config = dir.resolve("alertgate.yaml");
        Files.writeString(config, """
                tenants:
                  t:
                    environments:
                      prod:
                        slack:
                          channels: {default: "#x"}
                          app_config: {bot_token: "enc:%s"}
                """.formatted(KeyRing.of(List.of(key), Clock.systemUTC()).encrypt("xoxb-1".getBytes(StandardCharsets.UTF_8))));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Commands c = new Commands(sink, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(KeyRing.ENV_KEYS, key), "test");
        assertEquals(Commands.OK, c.rotate(config, Optional.empty()));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("keys.rotate", JSON.std.mapFrom(lines.get(0)).get("action"));
        assertEquals(Optional.empty(), AuditLog.verify(lines));
    }

    @Test
    void reload_appliedAndRefused_byAdminTokenAndSighup_leaveConfigReloadRecords() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Path audit = dir.resolve("audit.log");
            Path file = dir.resolve("alertgate.yaml");
            String good = """
                    server: {listen: "127.0.0.1:0", admin_token: "%s", audit_file: "%s"}
                    tenants:
                      acme:
                        environments:
                          prod:
                            slack:
                              webhooks: {a: "%s"}
                              channels: {default: "webhook:a"}
                    """.formatted(ADMIN_TOKEN, audit, slack.webhookUrl("a"));
            Files.writeString(file, good);
            try (Gateway g = Gateway.start(Gateway.loadConfig(file, Map.of()), Gateway.Options.defaults())) {
                ConfigReloader reloader = g.enableReload(file, Map.of(), false);
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/-/reload"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
                assertEquals(200, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
                Files.writeString(file, good.replace("webhook:a", "webhook:nope"));
                assertEquals(422 / 100, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode() / 100);
                boolean signals = reloader.installSignalHandler();
                if (signals) {
                    new ProcessBuilder("kill", "-HUP", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
                    for (int i = 0; i < 500 && Files.readAllLines(audit).size() < 4; i++) Thread.sleep(10);
                }
                List<String> lines = Files.readAllLines(audit);
                assertEquals(Optional.empty(), AuditLog.verify(lines));
                List<Map<String, Object>> reloads = new ArrayList<>();
                for (String l : lines) {
                    Map<String, Object> m = JSON.std.mapFrom(l);
                    if ("config.reload".equals(m.get("action"))) reloads.add(m);
                }
                assertEquals("applied", reloads.get(0).get("result"));
                assertEquals("admin_token", reloads.get(0).get("who"));
                assertEquals("acme", reloads.get(0).get("tenants"));
                assertEquals("refused", reloads.get(1).get("result"));
                assertEquals("admin_token", reloads.get(1).get("who"));
                if (signals) {
                    assertEquals("refused", reloads.get(2).get("result"));
                    assertEquals("SIGHUP", reloads.get(2).get("who"));
                }
                assertFalse(String.join("\n", lines).contains(ADMIN_TOKEN));
            }
        }
    }
}
