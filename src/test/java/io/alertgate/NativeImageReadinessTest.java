package io.alertgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a GraalVM native image needs from the source, checked without GraalVM (which cannot be
 * installed here): no reflection on our classes, well-formed reachability metadata, and every
 * resource the code loads registered in it (an unregistered resource is simply absent at run time).
 */
class NativeImageReadinessTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path METADATA =
            RESOURCES.resolve("META-INF/native-image/io.alertgate/alertgate/reachability-metadata.json");
    /** Reflection and dynamic class loading: each needs metadata the native image cannot infer. */
    private static final Pattern REFLECTION = Pattern.compile(
            "Class\\.forName|\\.getDeclared(Field|Method|Constructor)s?\\(|\\.getMethods?\\(|\\.getFields?\\("
                    + "|\\.newInstance\\(|import java\\.lang\\.reflect\\.|MethodHandles\\.lookup|ServiceLoader\\."
                    + "|Proxy\\.newProxyInstance");

    @Test
    void mainSources_useNoReflectionOrDynamicLoading() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//")) continue;
                    if (REFLECTION.matcher(line).find()) hits.add(file + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertEquals(List.of(), hits, "reflection needs reachability metadata; read records by hand instead");
    }

    @Test
    void reflectionPattern_catchesClassForName() {
        // Proves the scan above can fail.
        assertTrue(REFLECTION.matcher("Class<?> c = Class.forName(name);").find());
        assertTrue(REFLECTION.matcher("var f = type.getDeclaredFields();").find());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reachabilityMetadata_registersEveryResourceTheJarCarries() throws IOException {
        Map<String, Object> metadata = JSON.std.mapFrom(Files.readString(METADATA));
        List<Map<String, Object>> resources = (List<Map<String, Object>>) metadata.get("resources");
        List<Map<String, Object>> reflection = (List<Map<String, Object>>) metadata.get("reflection");
        assertTrue(reflection.stream().allMatch(r -> r.get("type") instanceof String), "reflection[].type");
        var globs = resources.stream()
                .map(r -> FileSystems.getDefault().getPathMatcher("glob:" + r.get("glob")))
                .toList();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = RESOURCES.relativize(file);
                if (relative.startsWith("META-INF")) continue;
                if (globs.stream().noneMatch(g -> g.matches(relative))) missing.add(relative.toString());
            }
        }
        assertEquals(List.of(), missing, "add these to " + METADATA + " resources[]");
    }
}
