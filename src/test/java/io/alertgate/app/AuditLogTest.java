package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail's hash chain: intact files verify, any edit is found at its line, restarts continue the chain. */
class AuditLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    @TempDir Path dir;

    private Path writeThree() {
        Path file = dir.resolve("audit.log");
        new AuditLog(CLOCK, Optional.of(file)).record("config.load", Map.of("tenants", "acme"));
        AuditLog restarted = new AuditLog(CLOCK, Optional.of(file)); // a restart continues the file's chain
        restarted.record("auth.failure", Map.of("source", "10.0.0.1", "tenant", "acme", "reason", "wrong bearer token"));
        restarted.record("deadletter.replay", Map.of("path", "/api/v1/deadletters/d1/replay"));
        return file;
    }

    @Test
    void verify_untouchedFile_isOk() throws Exception {
        Path file = writeThree();
        assertEquals(Optional.empty(), AuditLog.verify(Files.readAllLines(file)));
        assertEquals(Commands.OK, commands().auditVerify(file));
    }

    @Test
    void verify_editedOrDeletedLine_reportsTheFirstBrokenLink() throws Exception {
        Path file = writeThree();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> edited = new ArrayList<>(lines);
        edited.set(1, edited.get(1).replace("10.0.0.1", "10.0.0.2"));
        assertTrue(AuditLog.verify(edited).orElseThrow().startsWith("line 2:"), AuditLog.verify(edited).toString());
        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(1);
        assertTrue(AuditLog.verify(deleted).orElseThrow().startsWith("line 2:"));
        List<String> headCut = new ArrayList<>(lines.subList(1, 3));
        assertTrue(AuditLog.verify(headCut).orElseThrow().startsWith("line 1:"));
        Files.write(file, edited);
        assertEquals(Commands.INVALID, commands().auditVerify(file));
    }

    private static Commands commands() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Commands(sink, sink, Map.of(), "test");
    }
}
