package io.alertgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.secrets.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI: exit codes 0 ok, 1 invalid input, 2 usage or unreadable file; errors in one line. */
class MainTest {
    static final Path SHARED = Path.of(System.getenv().getOrDefault("ALERTGATE_SHARED", "../shared"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void render_builtInExampleOn200Alerts_printsBodiesWithinLimits() throws Exception {
        Path payload = SHARED.resolve("corpus/alertmanager/realistic/r24-kubecontainerwaiting-200.json");
        assertEquals(0, run(Map.of(), "render", "--tenant", "demo", "--payload", payload.toString()), err());
        List<Object> docs = JSON.std.listFrom(out());
        assertEquals(1, docs.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) docs.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) doc.get("body");
        assertEquals(List.of(), io.alertgate.slack.BlockKitLimits.violations(body));
        assertTrue(((String) doc.get("block_kit_builder")).startsWith("https://app.slack.com/block-kit-builder/#"));
        String json = JSON.std.asString(body);
        int listed = json.split("• \\*KubeContainerWaiting\\*", -1).length - 1;
        java.util.regex.Matcher more = java.util.regex.Pattern.compile("\\+(\\d+) more alerts").matcher(json);
        int summarised = more.find() ? Integer.parseInt(more.group(1)) : 0;
        assertEquals(200, listed + summarised, "every alert is listed or counted in '+N more alerts'");
    }

    @Test
    void render_unknownTenant_exits1() throws Exception {
        Path payload = SHARED.resolve("corpus/alertmanager/realistic/r01-kubepodcrashlooping-firing.json");
        assertEquals(1, run(Map.of(), "render", "--tenant", "nobody", "--payload", payload.toString()));
        assertTrue(err().contains("unknown tenant 'nobody'"));
    }

    @Test
    void validate_missingFile_exits2(@TempDir Path dir) {
        assertEquals(2, run(Map.of(), "validate", "--config", dir.resolve("nope.yaml").toString()));
        assertTrue(err().contains("cannot read"), err());
    }

    @Test
    void serve_withADirectoryAsConfig_exits2NamingIt(@TempDir Path dir) {
        assertEquals(2, run(Map.of(), "serve", "--config", dir.toString()));
        assertTrue(err().contains(dir + ": a directory, not a config file"), err());
    }

    @Test
    void validate_badTemplate_exits1NamingTenantAndTemplate(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                          templates:
                            broken: "{{#alert}}never closed"
                """);
        assertEquals(1, run(Map.of(), "validate", "--config", f.toString()));
        assertTrue(out().contains("AG107") && out().contains("tenants.acme.environments.prod.slack.templates.broken")
                && out().contains("line 1: Section missing close tag"), out());
        assertTrue(out().contains("1 error, 0 warnings, 0 hints: invalid (level standard)"), out());
    }

    @Test
    void unknownCommand_exits2WithUsage() {
        assertEquals(2, run(Map.of(), "frobnicate"));
        assertTrue(err().contains("Usage"), err());
    }

    @Test
    void encryptedWebhookUrl_decryptsWithKeyRingFromEnvironment(@TempDir Path dir) throws Exception {
        String key = KeyRing.generateKey(new SecureRandom());
        Map<String, String> env = Map.of("ALERTGATE_KEYS", key);
        String url = "https://hooks.slack.com/services/T1/B2/verysecret";
        String enc = KeyRing.of(List.of(key), java.time.Clock.systemUTC())
                .encrypt(url.getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {ops: "enc:%s"}   # keep this comment
                          channels: {default: webhook:ops}
                """.formatted(enc));
        assertEquals(0, run(env, "validate", "--config", f.toString()), err());
        assertEquals(1, run(Map.of(), "validate", "--config", f.toString()), "no key ring: refused");
        assertTrue(out().contains("ALERTGATE_KEYS") && out().contains("webhooks.ops"), out());
        assertFalse(err().contains("verysecret") || out().contains("verysecret"));

        String newKey = KeyRing.generateKey(new SecureRandom());
        assertEquals(0, run(Map.of("ALERTGATE_KEYS", newKey + "," + key), "rotate", "--config", f.toString()), err());
        String rotated = Files.readString(f);
        assertTrue(rotated.contains("# keep this comment"));
        assertFalse(rotated.contains(enc));
        assertEquals(0, run(Map.of("ALERTGATE_KEYS", newKey), "validate", "--config", f.toString()), err());
    }

    @Test
    void validate_jsonFormatWithExtraSamples_printsTheReportAndRendersTheSamples(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                """);
        Path samples = Files.createDirectory(dir.resolve("samples"));
        Files.writeString(samples.resolve("bad.json"), "{\"version\": \"4\"}");
        assertEquals(1, run(Map.of(), "validate", "--config", f.toString(), "--format", "json", "--samples", samples.toString()));
        Map<String, Object> report = JSON.std.mapFrom(out());
        assertEquals(false, report.get("valid"));
        assertTrue(out().contains("\"AG200\"") && out().contains("bad.json"), out());
    }

    @Test
    void validate_unknownLevel_exits2() throws Exception {
        assertEquals(2, run(Map.of(), "validate", "--config", "x.yaml", "--level", "lenient"));
        assertTrue(err().contains("basic, standard, strict, paranoid"), err());
    }
}
