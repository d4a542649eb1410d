package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
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
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify} on the gateway's own JSON log when {@code server.audit_file} is set: the
 * start-up "chain head" line is no record, the log's first record may continue the file's chain;
 * a file without records is not healthy; a command's audit record never goes to the logger.
 */
class AuditVerifyLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    @TempDir Path dir;

    private static String logLine(String component, String message) throws Exception {
        return JSON.std.asString(Map.of("timestamp", "2026-11-30T02:00:00Z", "level", "INFO", "component", component,
                "message", message));
    }

    private record Run(int code, String out, String err) {}

    private Run verify(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), "test").auditVerify(file);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The audit file's records, written by a gateway run; the second run's log shows only its own. */
    private List<String> secondRunLog(Path audit) throws Exception {
        new AuditLog(CLOCK, Optional.of(audit)).record("config.load", Map.of("tenants", "acme"));
        AuditLog second = new AuditLog(CLOCK, Optional.of(audit));
        List<String> log = new ArrayList<>();
        log.add(logLine("audit", "audit trail " + audit + ": chain head " + second.head()));
        second.record("config.load", Map.of("tenants", "acme"));
        second.record("config.reload", Map.of("tenants", "acme"));
        List<String> file = Files.readAllLines(audit);
        log.add(logLine("audit", file.get(1)));
        log.add(logLine("app", "alertgate listening"));
        log.add(logLine("audit", file.get(2)));
        return log;
    }

    @Test
    void auditVerify_ofTheGatewaysLogWithAnAuditFile_skipsTheStartLine_andSaysTheLogContinuesAChain() throws Exception {
        Path audit = dir.resolve("audit.log");
        List<String> log = secondRunLog(audit);
        String continued = JSON.std.mapFrom(Files.readAllLines(audit).get(1)).get("prev").toString();
        Path logFile = dir.resolve("gateway.log");
        Files.write(logFile, log);
        Run run = verify(logFile);
        assertEquals(Commands.OK, run.code(), run.err());
        assertTrue(run.out().startsWith("audit chain OK: 2 audit record(s); head " + AuditLog.head(Files.readAllLines(audit))
                + "; continues a chain from " + continued), run.out());
        assertEquals(Commands.OK, verify(audit).code());
    }

    @Test
    void auditVerify_ofALogWhoseSecondLinkIsBroken_stillFails() throws Exception {
        Path audit = dir.resolve("audit.log");
        List<String> log = secondRunLog(audit);
        log.remove(1); // the log's first record: the second no longer links to anything in the log
        Path logFile = dir.resolve("gateway.log");
        Files.write(logFile, log);
        assertEquals(Optional.empty(), AuditLog.verify(log)); // now it is the first: it may continue a chain
        log.add(1, logLine("audit", Files.readAllLines(audit).get(0)));
        Files.write(logFile, log);
        Run run = verify(logFile);
        assertEquals(Commands.INVALID, run.code(), run.out());
        assertTrue(run.err().contains("line 4: prev does not match"), run.err());
    }

    @Test
    void auditVerify_ofAnAuditFileWhoseFirstRecordDoesNotOpenTheChain_fails() throws Exception {
        Path audit = dir.resolve("audit.log");
        new AuditLog(CLOCK, Optional.of(audit)).record("config.load", Map.of("tenants", "acme"));
        new AuditLog(CLOCK, Optional.of(audit)).record("config.reload", Map.of("tenants", "acme"));
        List<String> lines = Files.readAllLines(audit);
        Files.write(audit, lines.subList(1, 2));
        Run run = verify(audit);
        assertEquals(Commands.INVALID, run.code());
        assertTrue(run.err().contains("the first line must start the chain"), run.err());
    }

    @Test
    void auditVerify_ofAnEmptyFile_orALogWithoutRecords_failsWithNoAuditRecords() throws Exception {
        Path empty = dir.resolve("empty.log");
        Files.writeString(empty, "");
        Run run = verify(empty);
        assertEquals(Commands.INVALID, run.code(), run.out());
        assertTrue(run.err().contains("no audit records"), run.err());
        Path log = dir.resolve("gateway.log");
        Files.write(log, List.of(logLine("audit", "audit trail /x: chain head " + AuditLog.GENESIS),
                logLine("app", "listening")));
        run = verify(log);
        assertEquals(Commands.INVALID, run.code(), run.out());
        assertTrue(run.err().contains("no audit records"), run.err());
    }

    @Test
    void commandAuditRecord_withAnAuditFile_isNotLoggedOnTheAuditLogger() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { logged.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger(AuditLog.LOGGER);
        logger.addHandler(handler);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            Path audit = dir.resolve("audit.log");
            AuditLog.forCommand(CLOCK, Optional.of(audit), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .record("keys.rotate", Map.of("values", "1"));
            assertEquals(1, Files.readAllLines(audit).size());
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
