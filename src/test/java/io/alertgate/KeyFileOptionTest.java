package io.alertgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.app.Commands;
import io.alertgate.secrets.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --key-file} is a key ring source for {@code serve}, {@code validate} and {@code render} too, not only encrypt/rotate. */
class KeyFileOptionTest {
    private static final String URL = "https://hooks.slack.com/services/T1/B2/verysecret";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir Path dir;

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env).run(args);
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** A config whose webhook URL is an enc: value under {@code key}; the key is written to key file "kf". */
    private Path configEncryptedUnder(String key) throws Exception {
        String enc = KeyRing.of(List.of(key), Clock.systemUTC()).encrypt(URL.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("kf"), "# alertgate keys\n" + key + "\n");
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {ops: "enc:%s"}
                          channels: {default: webhook:ops}
                """.formatted(enc));
        return f;
    }

    @Test
    void validate_withKeyFile_decryptsTheEncValue() throws Exception {
        Path f = configEncryptedUnder(KeyRing.generateKey(new SecureRandom()));
        String kf = dir.resolve("kf").toString();
        assertEquals(Commands.OK, run(Map.of(), "validate", "--config", f.toString(), "--key-file", kf), text());
        assertEquals(Commands.INVALID, run(Map.of(), "validate", "--config", f.toString()), "no key ring: " + text());
        // The key file wins over ALERTGATE_KEYS, as for encrypt and rotate.
        assertEquals(Commands.OK, run(Map.of(KeyRing.ENV_KEYS, KeyRing.generateKey(new SecureRandom())),
                "validate", "--config", f.toString(), "--key-file", kf), text());
        assertFalse(text().contains("verysecret"));
    }

    @Test
    void render_withKeyFile_decryptsTheEncValue() throws Exception {
        Path f = configEncryptedUnder(KeyRing.generateKey(new SecureRandom()));
        Path payload = dir.resolve("p.json");
        Files.writeString(payload, """
                {"version":"4","status":"firing","receiver":"r","groupKey":"g","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am","alerts":[{"status":"firing","labels":{"alertname":"A"},
                 "annotations":{},"startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"",
                 "fingerprint":"f1"}]}
                """);
        assertEquals(Commands.OK, run(Map.of(), "render", "--config", f.toString(), "--tenant", "acme",
                "--payload", payload.toString(), "--key-file", dir.resolve("kf").toString()), text());
    }

    /** {@code serve} in its own JVM (it installs the JSON log handler and waits for SIGTERM); stderr up to "listening" or exit. */
    private String[] serve(Path config, Path keyFile) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "io.alertgate.Main", "serve",
                "--config", config.toString(), "--key-file", keyFile.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            StringBuilder stderr = new StringBuilder();
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                    if (line.contains("listening on http")) return new String[] {"listening", stderr.toString()};
                }
            }
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "serve did not exit: " + stderr);
            return new String[] {String.valueOf(p.exitValue()), stderr.toString()};
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void serve_withKeyFile_startsWithThatRing_andAWrongRingIsRefusedAtStart() throws Exception {
        Path f = configEncryptedUnder(KeyRing.generateKey(new SecureRandom()));
        Files.writeString(f, "server: {listen: \"127.0.0.1:0\"}\n" + Files.readString(f));
        String[] ok = serve(f, dir.resolve("kf"));
        assertEquals("listening", ok[0], ok[1]);
        Path other = dir.resolve("other-kf");
        Files.writeString(other, KeyRing.generateKey(new SecureRandom()) + "\n");
        String[] refused = serve(f, other);
        assertEquals(String.valueOf(Commands.INVALID), refused[0], refused[1]);
        assertTrue(refused[1].contains("invalid config"), refused[1]);
        assertFalse(refused[1].contains("verysecret"), refused[1]);
    }
}
