package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alertgate serve}'s start: what it says it listens on, and how it refuses to start. */
class ServeStartTest {
    @TempDir Path dir;

    private static final String TENANTS = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      channels: {default: console}
            """;

    /** Runs {@code serve} in its own JVM; a start failure ends it, so the wait is a safety net only. */
    private String[] serveFailing(String config) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, config);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.alertgate.Main", "serve",
                "--config", f.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not exit: " + stderr);
            return new String[] {String.valueOf(p.exitValue()), stderr};
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serve_withEverySentinelDown_exits1_withOneLineAndNoStackTrace() throws Exception {
        // Jedis's Sentinel client asks the sentinels for the master while it is built: a RuntimeException at start.
        String[] r = serveFailing("server: {listen: \"127.0.0.1:0\"}\nredis: {sentinel: {master: m, nodes: [\"127.0.0.1:1\"]}}\n"
                + TENANTS);
        assertEquals("1", r[0], r[1]);
        assertFalse(r[1].contains("\tat ") || r[1].contains("Exception in thread"), r[1]);
        assertTrue(r[1].contains("alertgate: cannot start: "), r[1]);
    }

    @Test
    void serve_withAMalformedRedisUrl_exits1_namingRedisUrl_withoutThePassword() throws Exception {
        String[] r = serveFailing("server: {listen: \"127.0.0.1:0\"}\nredis: {url: \"redis://u:pa55word@host:notaport\"}\n"
                + TENANTS);
        assertEquals("1", r[0], r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
        assertTrue(r[1].contains("redis.url") && r[1].contains("line 2"), r[1]);
        assertFalse(r[1].contains("pa55word"), r[1]);
    }

    @Test
    void serve_withAListenHostThatDoesNotResolve_exits_namingServerListen() throws Exception {
        String[] r = serveFailing("server: {listen: \"no-such-host.invalid:0\"}\n" + TENANTS);
        assertFalse(r[0].equals("0"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
        assertTrue(r[1].contains("server.listen") && r[1].contains("no-such-host.invalid"), r[1]);
    }

    private static GatewayConfig config(String tls) throws Exception {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("server:\n  listen: 127.0.0.1:0\n" + tls + TENANTS, null);
    }

    @Test
    void listenerDescription_saysHttps_andWhetherClientCertificatesAreRequired() throws Exception {
        assertEquals("http://127.0.0.1:8080", Commands.listenerDescription(config(""), 8080));
        assertEquals("https://127.0.0.1:8443 (TLS, no client certificate asked for)",
                Commands.listenerDescription(config("  tls: {cert_file: c.pem, key_file: k.pem}\n"), 8443));
        assertEquals("https://127.0.0.1:8443 (TLS, client certificates required)", Commands.listenerDescription(
                config("  tls: {cert_file: c.pem, key_file: k.pem, client_ca_file: ca.pem}\n"), 8443));
    }
}
