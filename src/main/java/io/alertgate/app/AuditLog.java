package io.alertgate.app;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.http.AuditTrail;
import io.alertgate.store.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail: one JSON object per event — {@code time}, {@code action}, the event's fields,
 * {@code prev}, the previous record's {@code hash}, and last {@code hash}, the SHA-256 (hex) of
 * the record's own text up to {@code prev} (the line without its {@code ,"hash":"…"} suffix) — on
 * its own logger {@code io.alertgate.audit} and, when {@code server.audit_file} is set, appended
 * to that file.
 *
 * <p><b>Why a chain.</b> Each line commits to everything before it and to its own content, so
 * editing any line (the last one too) breaks its own {@code hash}, and deleting or reordering a
 * line breaks the next line's {@code prev}; {@link #verify} finds the first break. The first line
 * of a file has {@code prev} = {@link #GENESIS}; a restart continues the file's chain from its
 * last line. Dropping the last lines (truncation) leaves a valid shorter chain: no file can show
 * what is missing from its own end, so operators compare the chain head ({@link #head}, printed by
 * {@code alertgate audit verify} and logged at start) with one kept elsewhere. Nor does a chain
 * stop someone who rewrites the whole file and recomputes every hash: ship the lines off the host.
 *
 * <p>Lines written before the {@code hash} field existed (format 1: {@code prev} = SHA-256 of the
 * whole previous line) still verify; their links are checked as before, and an edit to the last
 * such line is not detectable.
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
    /** The suffix every record written by this version ends with: its own hash, last. */
    private static final java.util.regex.Pattern HASH_SUFFIX = java.util.regex.Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");

    private final Clock clock;
    private final Optional<Path> file;
    /**
     * One-shot commands: where a record goes when it was not appended to the file (none, or not
     * writable), as one JSON line — never the logger, whose JDK default format is two text lines.
     * Empty for the gateway, whose records go to the logger too.
     */
    private final Optional<java.io.PrintStream> stream;
    private String previous;

    /** @param file appended to (created when missing); its last line seeds the chain */
    public AuditLog(Clock clock, Optional<Path> file) {
        this(clock, file, Optional.empty());
        file.ifPresent(f -> LOG.log(System.Logger.Level.INFO, "audit trail {0}: chain head {1}", f, previous));
    }

    private AuditLog(Clock clock, Optional<Path> file, Optional<java.io.PrintStream> stream) {
        this.clock = clock;
        this.file = file;
        this.stream = stream;
        this.previous = file.map(AuditLog::lastHash).orElse(GENESIS);
    }

    /**
     * For one-shot commands ({@code alertgate rotate}): each record is appended to {@code file}
     * (continuing its chain) when present, else printed as one JSON line on {@code fallback};
     * never on the logger, whose text format would not be a chain line.
     */
    static AuditLog forCommand(Clock clock, Optional<Path> file, java.io.PrintStream fallback) {
        return new AuditLog(clock, file, Optional.of(fallback));
    }

    /** The hash of the last record written (or found at start): the chain head to keep elsewhere. */
    public synchronized String head() {
        return previous;
    }

    @Override
    public synchronized void record(String action, Map<String, String> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("action", action);
        fields.forEach((k, v) -> {
            if (!k.equals("time") && !k.equals("action") && !k.equals("prev")) line.put(k, v);
        });
        String text = null;
        if (file.isPresent()) {
            // Another process (alertgate rotate beside a running gateway) may have appended since:
            // under the file's lock, the chain continues from the file's last line, not from memory.
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file.get(), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                    java.nio.channels.FileLock lock = ch.lock()) {
                previous = lastHash(ch);
                text = chained(line);
                ch.write(java.nio.ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), ch.size());
                ch.force(false);
                if (stream.isPresent()) return; // a command's record is in the file: nothing on stderr
            } catch (IOException e) {
                if (stream.isPresent()) {
                    stream.get().println("alertgate: audit file " + file.get() + " not writable: " + e
                            + "; the audit record follows");
                } else {
                    LOG.log(System.Logger.Level.ERROR, "audit file {0} not writable: {1}", file.get(), e.toString());
                }
            }
        }
        if (text == null) text = chained(line);
        if (stream.isPresent()) {
            stream.get().println(text);
            return;
        }
        LOG.log(System.Logger.Level.INFO, text);
    }

    /** {@code line} with {@code prev} = {@link #previous} and its own {@code hash} last; advances {@link #previous}. */
    private String chained(Map<String, Object> line) {
        line.put("prev", previous);
        String content;
        try {
            content = JSON.std.asString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        previous = Sha256.hex(content);
        return content.substring(0, content.length() - 1) + ",\"hash\":\"" + previous + "\"}";
    }

    /** Bytes read from the end of the file at a time when looking for its last line. */
    private static final int TAIL_BYTES = 64 * 1024;

    /** The link hash of the channel's last non-blank line ({@link #GENESIS} when none), reading only its tail. */
    private static String lastHash(java.nio.channels.FileChannel ch) throws IOException {
        long size = ch.size();
        for (int want = TAIL_BYTES; ; want *= 2) {
            int n = (int) Math.min(size, want);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) { /* fill */ }
            String tail = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            List<String> lines = tail.lines().filter(l -> !l.isBlank()).toList();
            // The first line of a partial tail may be cut: only a whole line counts.
            boolean whole = n == size || lines.size() > 1;
            if (lines.isEmpty() && n == size) return GENESIS;
            if (!lines.isEmpty() && whole) return linkHash(lines.get(lines.size() - 1));
            if (n == size) return GENESIS;
        }
    }

    /**
     * Checks a file of audit lines (as written to {@code audit_file}, or JSON log lines whose
     * {@code component} is {@code audit} and whose {@code message} is an audit record — the
     * start-up line {@code audit trail FILE: chain head …} is not one). In an {@code audit_file}
     * the first record opens the chain ({@code prev} = {@link #GENESIS}); in a log the first
     * record may continue the file's earlier chain ({@link #continuedFrom}), and later links must hold.
     *
     * @return empty when every link holds; else the first broken line's number (1-based) and why
     */
    public static Optional<String> verify(List<String> lines) {
        String expected = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            if (raw.isBlank()) continue;
            Found found = auditText(raw);
            if (found == null) continue;
            String text = found.text();
            String prev;
            try {
                Object parsed = JSON.std.anyFrom(text);
                if (!(parsed instanceof Map<?, ?> m) || !(m.get("prev") instanceof String p)) {
                    return Optional.of("line " + number + ": not an audit record (no prev)");
                }
                prev = p;
                java.util.regex.Matcher own = HASH_SUFFIX.matcher(text);
                if (own.find()) {
                    if (!own.group(1).equals(Sha256.hex(text.substring(0, own.start()) + "}"))) {
                        return Optional.of("line " + number + ": hash does not match the line's content (edited)");
                    }
                } else if (m.containsKey("hash")) {
                    return Optional.of("line " + number + ": hash is not the line's last field (edited)");
                }
            } catch (IOException e) {
                return Optional.of("line " + number + ": not JSON");
            }
            // GENESIS opens a chain: the file's first line, or a restart of a logger-only trail.
            // A log's first record may continue the audit_file's chain begun before the log started.
            boolean firstMayContinue = expected == null && found.fromLog();
            if (expected == null ? !prev.equals(GENESIS) && !firstMayContinue
                    : !prev.equals(expected) && !prev.equals(GENESIS)) {
                return Optional.of("line " + number + ": prev does not match the hash of the line before"
                        + (expected == null ? " (the first line must start the chain)" : ""));
            }
            expected = linkHash(text);
        }
        return Optional.empty();
    }

    /**
     * The {@code prev} of the first audit record when it comes from a JSON log line and does not
     * open a chain: the log continues a chain begun earlier (in the {@code audit_file}); empty otherwise.
     */
    public static Optional<String> continuedFrom(List<String> lines) {
        for (String raw : lines) {
            Found found = raw.isBlank() ? null : auditText(raw);
            if (found == null) continue;
            if (!found.fromLog()) return Optional.empty();
            try {
                if (JSON.std.anyFrom(found.text()) instanceof Map<?, ?> m && m.get("prev") instanceof String p
                        && !p.equals(GENESIS)) {
                    return Optional.of(p);
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The chain head of {@code lines}: the last audit record's hash ({@link #GENESIS} when none),
     * to compare with one kept elsewhere — the only way to notice lines dropped from the end.
     */
    public static String head(List<String> lines) {
        String head = GENESIS;
        for (String raw : lines) {
            Found found = raw.isBlank() ? null : auditText(raw);
            if (found != null) head = linkHash(found.text());
        }
        return head;
    }

    /** What the next record's {@code prev} names: the record's own {@code hash}, or for a format-1 line its SHA-256. */
    private static String linkHash(String text) {
        java.util.regex.Matcher own = HASH_SUFFIX.matcher(text);
        return own.find() ? own.group(1) : Sha256.hex(text);
    }

    /**
     * The number of audit records in {@code lines}: lines of an {@code audit_file}, or JSON log
     * lines of component {@code audit}; other log lines and blank lines are not counted.
     */
    public static long countRecords(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).map(AuditLog::auditText).filter(t -> t != null).count();
    }

    /** An audit record's text, and whether it was the message of a JSON log line (else a line of an audit_file). */
    private record Found(String text, boolean fromLog) {}

    /**
     * The audit record in {@code raw}: the line itself, or the message of a JSON log line of
     * component audit when that message is a JSON object (not the start-up "chain head" line); null
     * for any other log line.
     */
    private static Found auditText(String raw) {
        try {
            Object parsed = JSON.std.anyFrom(raw);
            if (parsed instanceof Map<?, ?> m && "audit".equals(m.get("component")) && m.get("message") instanceof String s) {
                return s.startsWith("{") ? new Found(s, true) : null;
            }
            if (parsed instanceof Map<?, ?> m && m.containsKey("component")) return null; // another log line
        } catch (IOException e) {
            return new Found(raw, false); // reported as "not JSON" by the caller
        }
        return new Found(raw, false);
    }

    private static String lastHash(Path file) {
        try {
            if (!Files.exists(file)) return GENESIS;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) return linkHash(lines.get(i));
            }
            return GENESIS;
        } catch (IOException e) {
            throw new UncheckedIOException("audit file " + file + " not readable", e);
        }
    }
}
