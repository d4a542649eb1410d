package io.alertgate.app;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.http.AuditTrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail: one JSON object per event — {@code time}, {@code action}, the event's fields,
 * and {@code prev}, the SHA-256 (hex) of the previous audit line — on its own logger
 * {@code io.alertgate.audit} and, when {@code server.audit_file} is set, appended to that file.
 *
 * <p><b>Why a chain.</b> Each line commits to everything before it, so deleting, editing or
 * reordering a line breaks the next line's {@code prev}; {@link #verify} finds the first break.
 * The first line of a file has {@code prev} = {@link #GENESIS}; a restart continues the file's
 * chain from its last line. A chain proves order and integrity against edits, not against someone
 * who rewrites the whole file and recomputes every hash: ship the lines off the host for that.
 *
 * <p>Fields are plain facts (source address, tenant, reason, ids, file names); callers never pass a
 * secret, and the {@code Secret} type would print {@code [MASKED]} if they did.
 */
public final class AuditLog implements AuditTrail {
    /** The logger name operators filter on. */
    public static final String LOGGER = "io.alertgate.audit";
    /** {@code prev} of the first line: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final Clock clock;
    private final Optional<Path> file;
    private String previous;

    /** @param file appended to (created when missing); its last line seeds the chain */
    public AuditLog(Clock clock, Optional<Path> file) {
        this.clock = clock;
        this.file = file;
        this.previous = file.map(AuditLog::lastHash).orElse(GENESIS);
    }

    @Override
    public synchronized void record(String action, Map<String, String> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("action", action);
        fields.forEach((k, v) -> {
            if (!k.equals("time") && !k.equals("action") && !k.equals("prev")) line.put(k, v);
        });
        line.put("prev", previous);
        String text;
        try {
            text = JSON.std.asString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        previous = sha256(text);
        if (file.isPresent()) {
            try {
                Files.writeString(file.get(), text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "audit file {0} not writable: {1}", file.get(), e.toString());
            }
        }
        LOG.log(System.Logger.Level.INFO, text);
    }

    /**
     * Checks a file of audit lines (as written to {@code audit_file}, or JSON log lines whose
     * {@code component} is {@code audit}, whose {@code message} is then the audit line).
     *
     * @return empty when every link holds; else the first broken line's number (1-based) and why
     */
    public static Optional<String> verify(List<String> lines) {
        String expected = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            if (raw.isBlank()) continue;
            String text = auditText(raw);
            if (text == null) continue;
            String prev;
            try {
                Object parsed = JSON.std.anyFrom(text);
                if (!(parsed instanceof Map<?, ?> m) || !(m.get("prev") instanceof String p)) {
                    return Optional.of("line " + number + ": not an audit record (no prev)");
                }
                prev = p;
            } catch (IOException e) {
                return Optional.of("line " + number + ": not JSON");
            }
            // GENESIS opens a chain: the file's first line, or a restart of a logger-only trail.
            if (expected == null ? !prev.equals(GENESIS) : !prev.equals(expected) && !prev.equals(GENESIS)) {
                return Optional.of("line " + number + ": prev does not match the hash of the line before"
                        + (expected == null ? " (the first line must start the chain)" : ""));
            }
            expected = sha256(text);
        }
        return Optional.empty();
    }

    /**
     * The number of audit records in {@code lines}: lines of an {@code audit_file}, or JSON log
     * lines of component {@code audit}; other log lines and blank lines are not counted.
     */
    public static long countRecords(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).map(AuditLog::auditText).filter(t -> t != null).count();
    }

    /** The audit record in {@code raw}: the line itself, or the message of a JSON log line of component audit. */
    private static String auditText(String raw) {
        try {
            Object parsed = JSON.std.anyFrom(raw);
            if (parsed instanceof Map<?, ?> m && "audit".equals(m.get("component")) && m.get("message") instanceof String s) {
                return s;
            }
            if (parsed instanceof Map<?, ?> m && m.containsKey("component")) return null; // another log line
        } catch (IOException e) {
            return raw; // reported as "not JSON" by the caller
        }
        return raw;
    }

    private static String lastHash(Path file) {
        try {
            if (!Files.exists(file)) return GENESIS;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) return sha256(lines.get(i));
            }
            return GENESIS;
        } catch (IOException e) {
            throw new UncheckedIOException("audit file " + file + " not readable", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
