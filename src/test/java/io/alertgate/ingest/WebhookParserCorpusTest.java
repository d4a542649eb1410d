package io.alertgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real payload in the shared corpus must be accepted. */
class WebhookParserCorpusTest {

    private static final Path CORPUS = sharedDir().resolve("corpus/alertmanager");

    private final WebhookParser parser = new WebhookParser(IngestLimits.defaults());

    static Path sharedDir() {
        String env = System.getenv("ALERTGATE_SHARED");
        return Path.of(env != null && !env.isBlank() ? env : "../shared");
    }

    static Stream<Path> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void corpus_isPresent_hasFilesAtBothLevels() throws IOException {
        var files = corpusFiles().toList();
        assertTrue(files.size() >= 40, "expected the shared corpus, found " + files.size() + " files in " + CORPUS);
        assertTrue(files.stream().anyMatch(f -> f.getParent().endsWith("realistic")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void parse_corpusFile_accepts(Path file) throws Exception {
        AlertGroup group = parser.parse(Files.readAllBytes(file));
        assertFalse(group.alerts().isEmpty());
        assertEquals("4", group.version());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void parse_corpusFile_buildsTheSameGroupAsTheReferencePath(Path file) throws Exception {
        byte[] body = Files.readAllBytes(file);
        assertEquals(parser.parseByReference(body), parser.parse(body));
    }

    @Test
    void parse_withoutMandatoryField_derivesResolvedFromEndsAt() throws Exception {
        AlertGroup group = parser.parse(Files.readAllBytes(CORPUS.resolve("prom2teams-without-mandatory-field.json")));
        assertEquals(Status.RESOLVED, group.status());
        assertEquals(Status.RESOLVED, group.alerts().get(0).status());
        assertEquals("", group.alerts().get(0).name());
    }

    @Test
    void parse_oldFixtureWithoutAlertStatus_derivesFiringFromZeroEndsAt() throws Exception {
        AlertGroup group = parser.parse(Files.readAllBytes(CORPUS.resolve("msteams-prom-post-request-12-alerts.json")));
        assertEquals(12, group.alerts().size());
        assertEquals(12, group.firing().size());
        assertTrue(group.alerts().get(0).endsAt().isEmpty());
    }

    @Test
    void parse_upstreamMessage_keepsEveryField() throws Exception {
        AlertGroup group = parser.parse(Files.readAllBytes(CORPUS.resolve("am-upstream-webhook-test-message.json")));
        assertEquals("test_receiver", group.receiver());
        assertEquals("{}:{alertname=\"test1\"}", group.groupKey());
        assertEquals("unknown", group.notificationReason());
        assertEquals("http://am", group.externalURL());
        assertEquals("dab43189276e5f48", group.alerts().get(0).fingerprint());
        assertEquals("Test summary", group.commonAnnotations().valueOrEmpty("summary"));
    }
}
