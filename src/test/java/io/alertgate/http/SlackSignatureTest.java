package io.alertgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Slack's published vector and the shared corpus's derived ones ({@code shared/corpus/slack/signature-example.json}). */
class SlackSignatureTest {
    /** A vector with {@code now: null} is checked against the real time of this run (its 2018 timestamp is stale). */
    static final Instant REAL_NOW = Instant.now();

    static Path vectorsFile() {
        String shared = System.getenv("ALERTGATE_SHARED");
        for (Path base : new Path[] {shared != null && !shared.isBlank() ? Path.of(shared) : Path.of("..", "shared"),
                Path.of("..", "..", "shared")}) {
            Path p = base.resolve("corpus/slack/signature-example.json");
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("shared/corpus/slack/signature-example.json not found (set ALERTGATE_SHARED)");
    }

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> vectors() throws Exception {
        return ((List<Object>) JSON.std.anyFrom(Files.readString(vectorsFile()))).stream().map(o -> (Map<String, Object>) o);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verify_corpusVector_matchesExpectation(Map<String, Object> v) {
        Instant now = v.get("now") == null ? REAL_NOW : Instant.ofEpochSecond(((Number) v.get("now")).longValue());
        boolean valid = SlackSignature.verify(((String) v.get("secret")).getBytes(StandardCharsets.UTF_8),
                (String) v.get("timestamp"), ((String) v.get("body")).getBytes(StandardCharsets.UTF_8),
                (String) v.get("signature"), now);
        assertEquals(v.get("expect_valid"), valid, String.valueOf(v.get("note")));
    }

    @Test
    void verify_atTheEdgesOfTheFiveMinuteWindow_acceptsInsideRefusesOutside() throws Exception {
        Map<String, Object> v = vectors().findFirst().orElseThrow();
        byte[] secret = ((String) v.get("secret")).getBytes(StandardCharsets.UTF_8);
        byte[] body = ((String) v.get("body")).getBytes(StandardCharsets.UTF_8);
        long ts = Long.parseLong((String) v.get("timestamp"));
        String sig = (String) v.get("signature");
        assertTrue(SlackSignature.verify(secret, v.get("timestamp").toString(), body, sig, Instant.ofEpochSecond(ts + 300)));
        assertFalse(SlackSignature.verify(secret, v.get("timestamp").toString(), body, sig, Instant.ofEpochSecond(ts + 301)));
        assertFalse(SlackSignature.verify(secret, v.get("timestamp").toString(), body, sig, Instant.ofEpochSecond(ts - 301)));
        assertFalse(SlackSignature.verify(secret, null, body, sig, Instant.ofEpochSecond(ts)));
        assertFalse(SlackSignature.verify(secret, "not-a-number", body, sig, Instant.ofEpochSecond(ts)));
    }

    @Test
    void formField_decodesTheSlackPayload() throws Exception {
        Map<String, Object> v = vectors().filter(x -> ((String) x.get("body")).startsWith("payload=")).findFirst().orElseThrow();
        Optional<String> payload = SlackInteractionsHandler.formField((String) v.get("body"), "payload");
        Map<String, Object> json = JSON.std.mapFrom(payload.orElseThrow());
        assertEquals("block_actions", json.get("type"));
        assertEquals(new SlackInteractionsHandler.Action.Ignored(), SlackInteractionsHandler.action(json),
                "action_id 'ack' is not ours");
        assertEquals(new SlackInteractionsHandler.Action.Acknowledge("acme.00ff", "payload.actions[0].value"),
                SlackInteractionsHandler.action(Map.of("type", "block_actions",
                        "actions", List.of(Map.of("action_id", "alertgate_ack", "value", "acme.00ff")))));
    }
}
