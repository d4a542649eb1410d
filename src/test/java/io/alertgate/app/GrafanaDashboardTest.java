package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboard: valid PromQL (promtool) over metric families the gateway exports. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("alertgate_[a-z_]+");

    @SuppressWarnings("unchecked")
    private static List<String> expressions() throws Exception {
        Map<String, Object> dashboard = JSON.std.mapFrom(Files.readString(DASHBOARD));
        List<String> out = new ArrayList<>();
        for (Object panel : (List<Object>) dashboard.get("panels")) {
            for (Object target : (List<Object>) ((Map<String, Object>) panel).get("targets")) {
                out.add((String) ((Map<String, Object>) target).get("expr"));
            }
        }
        return out;
    }

    @Test
    void dashboard_usesOnlyMetricFamiliesTheGatewayExports() throws Exception {
        ByteArrayOutputStream scrape = new ByteArrayOutputStream();
        TelemetryTest.everything().metrics().scrape(scrape); // every family has a sample
        String families = scrape.toString(StandardCharsets.UTF_8);
        List<String> expressions = expressions();
        assertFalse(expressions.isEmpty());
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                String family = m.group().replaceAll("_(bucket|count|sum)$", "");
                assertTrue(families.contains("# TYPE " + family + " ")
                        || families.contains("# TYPE " + family.replaceAll("_total$", "") + " "), family + " in " + expr);
            }
        }
    }

    @Test
    void dashboard_expressionsAreValidPromql() throws Exception {
        Path promtool = ExternalProgram.require("promtool");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : expressions()) {
            rules.append("      - record: dashboard:expr").append(i++).append("\n        expr: '")
                    .append(expr.replace("$tenant", ".*").replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile("dashboard-rules", ".yml");
        Files.writeString(file, rules);
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output + "\n" + rules);
        Files.delete(file);
    }
}
