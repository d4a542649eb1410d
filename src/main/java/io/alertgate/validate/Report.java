package io.alertgate.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one validation run, sorted by line then code. A config is valid when no finding
 * is an error; the file could not be read when {@link #unreadable()} is set (exit code 2).
 */
public record Report(String file, Level level, List<Finding> findings, boolean unreadable) {
    public Report {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::line).thenComparing(Finding::code).thenComparing(Finding::path));
        findings = List.copyOf(sorted);
    }

    public boolean valid() {
        return !unreadable && count(Severity.ERROR) == 0;
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    /** Findings with the given code, for tests and callers that act on one check. */
    public List<Finding> withCode(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    /** {@code 2 errors, 1 warning, 0 hints: invalid (level standard)}. */
    public String summary() {
        long e = count(Severity.ERROR);
        long w = count(Severity.WARNING);
        long h = count(Severity.HINT);
        return e + (e == 1 ? " error, " : " errors, ") + w + (w == 1 ? " warning, " : " warnings, ")
                + h + (h == 1 ? " hint" : " hints") + ": " + (unreadable ? "unreadable" : valid() ? "valid" : "invalid")
                + " (level " + level.spelling() + ")";
    }

    /** The text report: one block per finding, then the summary line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append(String.format("%-7s %s %s", f.severity().spelling(), f.code(), fileOf(f)));
            if (f.line() > 0) sb.append(':').append(f.line());
            if (!f.path().isEmpty()) sb.append(' ').append(f.path());
            sb.append('\n').append("        ").append(f.message()).append('\n');
            if (!f.fix().isEmpty()) sb.append("        fix: ").append(f.fix()).append('\n');
        }
        sb.append(summary()).append('\n');
        return sb.toString();
    }

    /** A finding in a {@code tenants_dir} file ({@code tenants_dir/x.yaml.environments…}) names that file. */
    private String fileOf(Finding f) {
        if (f.path().startsWith("tenants_dir/")) {
            var m = java.util.regex.Pattern.compile("^tenants_dir/[^/]+?\\.ya?ml").matcher(f.path());
            if (m.find()) return m.group();
        }
        return file;
    }

    /** The JSON report: {@code {file, level, valid, summary: {errors, warnings, hints}, findings: [...]}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("level", level.spelling());
        m.put("valid", valid());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("errors", count(Severity.ERROR));
        counts.put("warnings", count(Severity.WARNING));
        counts.put("hints", count(Severity.HINT));
        m.put("summary", counts);
        m.put("findings", findings.stream().map(Finding::toJson).toList());
        return m;
    }
}
