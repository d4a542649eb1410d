package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.resilience.FakeNanoClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify} counts audit records only; repeated auth failures per source write bounded audit lines. */
class AuditPolishTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    @TempDir Path dir;

    private record Line(String action, Map<String, String> fields) {}

    @Test
    void auditVerify_ofAJsonLogWithOtherComponents_countsOnlyTheAuditRecords() throws Exception {
        Path file = dir.resolve("audit.log");
        new AuditLog(CLOCK, Optional.of(file)).record("config.load", Map.of("tenants", "acme"));
        new AuditLog(CLOCK, Optional.of(file)).record("config.reload", Map.of("tenants", "acme"));
        List<String> log = new ArrayList<>();
        log.add(JSON.std.asString(Map.of("component", "http", "level", "INFO", "message", "listening")));
        for (String record : Files.readAllLines(file)) {
            log.add(JSON.std.asString(Map.of("component", "audit", "level", "INFO", "message", record)));
            log.add(JSON.std.asString(Map.of("component", "delivery", "level", "INFO", "message", "sent")));
        }
        Path logFile = dir.resolve("gateway.log");
        Files.write(logFile, log);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(Commands.OK, new Commands(ps, ps, Map.of(), "test").auditVerify(logFile));
        assertTrue(out.toString(StandardCharsets.UTF_8).strip().startsWith("audit chain OK: 2 audit record(s); head "
                + AuditLog.head(log)), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, AuditLog.countRecords(log));
        assertEquals(5, log.size());
    }

    @Test
    void authFailures_fromOneSourceWithinAMinute_writeOneLine_andTheNextLineCarriesTheSuppressedCount() {
        List<Line> written = new ArrayList<>();
        FakeNanoClock clock = new FakeNanoClock();
        AuthFailureAudit audit = new AuthFailureAudit((a, f) -> written.add(new Line(a, f)), clock, Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) audit.record("auth.failure", failure("10.0.0.1"));
        assertEquals(1, written.size());
        assertFalse(written.get(0).fields().containsKey("suppressed"));
        clock.advance(Duration.ofSeconds(59));
        audit.record("auth.failure", failure("10.0.0.1"));
        assertEquals(1, written.size());
        clock.advance(Duration.ofSeconds(1));
        audit.record("auth.failure", failure("10.0.0.1"));
        assertEquals(2, written.size());
        assertEquals("50", written.get(1).fields().get("suppressed"));
        assertEquals("wrong bearer token", written.get(1).fields().get("reason"));
    }

    @Test
    void authFailures_fromAnotherSource_andOtherActions_areWrittenAtOnce() {
        List<Line> written = new ArrayList<>();
        AuthFailureAudit audit = new AuthFailureAudit((a, f) -> written.add(new Line(a, f)), new FakeNanoClock(),
                Duration.ofMinutes(1));
        audit.record("auth.failure", failure("10.0.0.1"));
        audit.record("auth.failure", failure("10.0.0.2"));
        audit.record("auth.failure", failure("10.0.0.1"));
        audit.record("deadletter.replay", Map.of("source", "10.0.0.1", "path", "/api/v1/deadletters/d1/replay"));
        audit.record("deadletter.replay", Map.of("source", "10.0.0.1", "path", "/api/v1/deadletters/d2/replay"));
        assertEquals(List.of("auth.failure", "auth.failure", "deadletter.replay", "deadletter.replay"),
                written.stream().map(Line::action).toList());
        assertEquals("10.0.0.2", written.get(1).fields().get("source"));
    }

    @Test
    void aFullTableOfSources_reportsTheTallyOfTheSourceItForgets() {
        List<Line> written = new ArrayList<>();
        FakeNanoClock clock = new FakeNanoClock();
        AuthFailureAudit audit = new AuthFailureAudit((a, f) -> written.add(new Line(a, f)), clock, Duration.ofMinutes(1));
        audit.record("auth.failure", failure("10.9.9.9"));
        audit.record("auth.failure", failure("10.9.9.9"));
        audit.record("auth.failure", failure("10.9.9.9"));
        clock.advance(Duration.ofMinutes(2));
        for (int i = 1; i < AuthFailureAudit.MAX_SOURCES; i++) audit.record("auth.failure", failure("fd00::" + Integer.toHexString(i)));
        written.clear();
        audit.record("auth.failure", failure("10.0.0.1")); // the table is full: the expired 10.9.9.9 is reported and dropped
        assertEquals(new Line("auth.failure.suppressed", Map.of("source", "10.9.9.9", "suppressed", "2")), written.get(0));
        assertEquals("auth.failure", written.get(1).action());
        assertEquals(2, written.size());
    }

    private static Map<String, String> failure(String source) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("source", source);
        f.put("tenant", "acme");
        f.put("reason", "wrong bearer token");
        return f;
    }

    @Test
    void auditLogFile_ofRepeatedUnauthenticatedAdminRequests_holdsOneFailureLine() throws Exception {
        try (var gw = IngressRequestIdTest.startGateway(dir, "admin_token: \"${ADMIN}\"", "")) {
            var http = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 30; i++) {
                var r = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + gw.port() + "/api/v1/deadletters")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode());
            }
            List<String> lines = Files.readAllLines(dir.resolve("audit.log"));
            assertEquals(1, lines.stream().filter(l -> l.contains("\"action\":\"auth.failure\"")).count(), lines.toString());
            assertTrue(AuditLog.verify(lines).isEmpty());
        }
    }
}
