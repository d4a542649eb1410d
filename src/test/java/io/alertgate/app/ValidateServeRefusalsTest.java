package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.secrets.KeyRing;
import io.alertgate.validate.Finding;
import io.alertgate.validate.Level;
import io.alertgate.validate.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alertgate validate} (standard level) refuses what {@code serve} refuses at start, with the
 * YAML path: a SEC1 or mismatched TLS key (AG250) and Slack token rotation with Redis and no key ring (AG260).
 */
class ValidateServeRefusalsTest {
    @TempDir Path dir;

    private Path tlsConfig(Path cert, Path key) throws Exception {
        Path file = dir.resolve("alertgate.yaml");
        Files.writeString(file, """
                server:
                  listen: 127.0.0.1:0
                  tls: {cert_file: "%s", key_file: "%s"}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {ops: "http://127.0.0.1:9/hooks/x"}
                          channels: {default: "webhook:ops"}
                """.formatted(cert, key));
        return file;
    }

    private static Report validate(Path file, Map<String, String> env, Level level) {
        return Gateway.validator(env, Clock.systemUTC(), List.of()).validate(file, level).report();
    }

    private static Finding only(Report report, String code) {
        List<Finding> found = report.withCode(code);
        assertEquals(1, found.size(), report.text());
        return found.get(0);
    }

    @Test
    void validate_sec1TlsKey_isAnErrorAtKeyFile_asServeRefusesIt() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Validate CA");
        Path sec1 = dir.resolve("sec1.key");
        Process p = new ProcessBuilder(ExternalProgram.require("openssl").toString(), "ec", "-in", pki.serverKey.toString(),
                "-out", sec1.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        Path file = tlsConfig(pki.serverCert, sec1);
        Report report = validate(file, Map.of(), Level.STANDARD);
        assertFalse(report.valid());
        Finding f = only(report, "AG250");
        assertEquals("server.tls.key_file", f.path());
        assertTrue(f.line() > 0);
        assertThrows(io.alertgate.tls.TlsException.class, () -> Gateway.start(Gateway.loadConfig(file, Map.of()), Gateway.Options.defaults()));
        assertTrue(validate(tlsConfig(pki.serverCert, pki.serverKey), Map.of(), Level.STANDARD).valid(), "the PKCS#8 key is fine");
    }

    @Test
    void validate_tlsKeyOfAnotherCertificate_isAnErrorAtKeyFile() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Validate CA");
        Path[] other = pki.client("other", "/CN=other");
        Finding f = only(validate(tlsConfig(pki.serverCert, other[1]), Map.of(), Level.STANDARD), "AG250");
        assertEquals("server.tls.key_file", f.path());
        assertTrue(f.message().contains("does not match"), f.message());
    }

    @Test
    void validate_unreadableTlsFile_isReportedOnce() throws Exception {
        Report report = validate(tlsConfig(dir.resolve("missing.crt"), dir.resolve("missing.key")), Map.of(), Level.STANDARD);
        assertEquals(List.of("server.tls.cert_file", "server.tls.key_file"),
                report.withCode("AG250").stream().map(Finding::path).toList(), report.text());
    }

    @Test
    void validate_tokenRotationWithRedisAndNoKeyRing_isAnErrorAtRefreshToken_andValidWithARing() throws Exception {
        Path file = dir.resolve("alertgate.yaml");
        Files.writeString(file, """
                server: {listen: 127.0.0.1:0}
                redis: {url: "redis://127.0.0.1:9"}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config:
                            bot_token: "${BOT}"
                            refresh_token: "${REFRESH}"
                            client_id: "1234.5678"
                            client_secret: "${CLIENT_SECRET}"
                          channels: {default: "#alerts"}
                """);
        Map<String, String> env = Map.of("BOT", "xoxe.xoxb-1", "REFRESH", "xoxe-1-r", "CLIENT_SECRET", "cs");
        Report report = validate(file, env, Level.STANDARD);
        assertFalse(report.valid(), report.text());
        Finding f = only(report, "AG260");
        assertEquals("tenants.acme.environments.prod.slack.app_config.refresh_token", f.path());
        assertTrue(f.line() > 0, f.toString());
        Map<String, String> withRing = new java.util.HashMap<>(env);
        withRing.put(KeyRing.ENV_KEYS, KeyRing.generateKey(new SecureRandom()));
        assertTrue(validate(file, withRing, Level.STANDARD).withCode("AG260").isEmpty());
    }

    @Test
    void validate_tokenRotationWithRedisAndAMalformedKeyRing_isAnAG260Finding_inJson_withoutAStackTrace() throws Exception {
        Path file = dir.resolve("alertgate.yaml");
        Files.writeString(file, """
                server: {listen: 127.0.0.1:0}
                redis: {url: "redis://127.0.0.1:9"}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config:
                            bot_token: "${BOT}"
                            refresh_token: "${REFRESH}"
                            client_id: "1234.5678"
                            client_secret: "${CLIENT_SECRET}"
                          channels: {default: "#alerts"}
                """);
        Map<String, String> env = Map.of("BOT", "xoxe.xoxb-1", "REFRESH", "xoxe-1-r", "CLIENT_SECRET", "cs",
                KeyRing.ENV_KEYS, "garbage-not-a-key");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new Commands(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), env, "test")
                .validate(file, "standard", "json", java.util.Optional.empty());
        String json = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Commands.INVALID, code, json + err);
        assertTrue(com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(json) instanceof Map<?, ?>, json);
        Finding f = only(validate(file, env, Level.STANDARD), "AG260");
        assertTrue(f.message().contains("could not be loaded") && f.message().contains("ALERTGATE_KEYS entry 1"), f.toString());
        assertFalse(json.contains("garbage-not-a-key") || err.toString().contains("garbage-not-a-key"), json);
    }

    private Path listenConfig(String server) throws Exception {
        Path file = dir.resolve("listen.yaml");
        Files.writeString(file, "server: " + server + "\n" + """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {ops: "http://127.0.0.1:9/hooks/x"}
                          channels: {default: "webhook:ops"}
                """);
        return file;
    }

    @Test
    void validate_listenHostThatDoesNotResolve_isAnErrorAtServerListen() throws Exception {
        Report report = validate(listenConfig("{listen: \"no-such-host.invalid:8080\"}"), Map.of(), Level.STANDARD);
        assertFalse(report.valid(), report.text());
        assertEquals("server.listen", only(report, "AG270").path());
        assertTrue(validate(listenConfig("{listen: \"127.0.0.1:8080\"}"), Map.of(), Level.STANDARD).withCode("AG270").isEmpty());
    }

    @Test
    void validate_listenHostNotOfThisMachine_isAnErrorAtServerListen() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
        Report report = validate(listenConfig("{listen: \"192.0.2.1:8080\"}"), Map.of(), Level.STANDARD);
        assertTrue(only(report, "AG270").message().contains("cannot listen on host 192.0.2.1"), report.text());
    }

    @Test
    void validate_auditFileInAMissingDirectory_isAWarningAtServerAuditFile() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("audit.log");
        Report report = validate(listenConfig("{listen: \"127.0.0.1:0\", audit_file: \"" + missing + "\"}"), Map.of(),
                Level.STANDARD);
        Finding f = only(report, "AG271");
        assertEquals("server.audit_file", f.path());
        assertEquals(io.alertgate.validate.Severity.WARNING, f.severity());
        assertTrue(report.valid(), report.text());
        assertTrue(validate(listenConfig("{listen: \"127.0.0.1:0\", audit_file: \"" + dir.resolve("audit.log") + "\"}"),
                Map.of(), Level.STANDARD).withCode("AG271").isEmpty());
    }
}
