package io.alertgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps DESIGN.md §2 true: each package imports only the packages its row allows. Reads the
 * sources, so a fully qualified reference ({@code io.alertgate.x.Y} in code) counts like an import.
 */
class ArchitectureTest {
    /** DESIGN.md §2, "may import" — keep the two in step. "" is the root package ({@code Main}). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of("app")),
            Map.entry("app", Set.of("*")),
            Map.entry("config", Set.of("secrets", "alert", "schedule")),
            Map.entry("secrets", Set.of()),
            Map.entry("alert", Set.of()),
            Map.entry("ingest", Set.of("alert")),
            Map.entry("route", Set.of("alert", "config", "schedule")),
            Map.entry("schedule", Set.of()),
            Map.entry("template", Set.of("alert", "config")),
            Map.entry("slack", Set.of("alert", "template", "resilience", "secrets")),
            Map.entry("delivery", Set.of("slack", "resilience", "store", "alert")),
            Map.entry("resilience", Set.of()),
            Map.entry("pipeline", Set.of("ingest", "route", "template", "slack", "delivery", "store", "config", "alert")),
            Map.entry("escalation", Set.of("alert", "config", "store", "delivery", "schedule")),
            Map.entry("store", Set.of("alert")),
            Map.entry("http", Set.of("pipeline", "delivery", "escalation", "metrics", "ingest", "resilience", "silence")),
            Map.entry("silence", Set.of("secrets")),
            Map.entry("metrics", Set.of()),
            Map.entry("tls", Set.of()),
            Map.entry("validate", Set.of("config", "template", "slack", "secrets", "alert", "ingest")));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.alertgate\\.([a-z]+)\\.");
    private static final Path SOURCES = Path.of("src/main/java/io/alertgate");

    @Test
    void everyPackage_importsOnlyWhatDesignAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = SOURCES.relativize(f.getParent() == null ? f : f.getParent());
                String pkg = rel.toString().replace('/', '.');
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) {
                    violations.add(f + ": package '" + pkg + "' is not in DESIGN.md §2");
                    continue;
                }
                if (allowed.contains("*")) continue;
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.equals(pkg) || allowed.contains(target)) continue;
                    // A class in the root package (io.alertgate.Main) is not a package reference.
                    if (Character.isUpperCase(target.charAt(0))) continue;
                    violations.add(f + ": " + pkg + " -> " + target);
                }
            }
        }
        assertEquals(List.of(), violations.stream().distinct().toList());
    }

    @Test
    void rootPackage_holdsOnlyMain() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<String> classes = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of("Main.java"), classes);
        }
    }

    @Test
    void theScanner_seesAForbiddenReference() {
        Matcher m = REFERENCE.matcher("import io.alertgate.http.HttpApi;");
        assertTrue(m.find());
        assertEquals("http", m.group(1));
        assertTrue(!ALLOWED.get("slack").contains(m.group(1)));
    }
}
