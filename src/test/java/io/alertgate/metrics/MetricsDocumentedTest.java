package io.alertgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's metrics table names every metric GatewayMetrics registers, so users can find each one. */
class MetricsDocumentedTest {
    private static final Pattern NAME = Pattern.compile("\\.name\\(\"(alertgate_[a-z0-9_]+)\"\\)");

    @Test
    void everyRegisteredMetric_hasARowInTheReadmeTable() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/alertgate/metrics/GatewayMetrics.java"));
        String readme = Files.readString(Path.of("README.md"));
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(source);
        while (m.find()) names.add(m.group(1));
        assertFalse(names.isEmpty(), "no metric names found in GatewayMetrics.java");
        List<String> missing = names.stream().filter(n -> !readme.contains("| `" + n + "` |")).toList();
        assertEquals(List.of(), missing, "metrics without a row in README.md's metrics table");
    }
}
