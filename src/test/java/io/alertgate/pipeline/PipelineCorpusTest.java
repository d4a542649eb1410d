package io.alertgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.BlockKitLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every payload of the shared corpus ({@code corpus/alertmanager/}, real and realistic) is accepted,
 * routed and rendered into messages within every Block Kit limit, with every label value escaped.
 */
class PipelineCorpusTest {
    static final Path SHARED = Path.of(System.getenv().getOrDefault("ALERTGATE_SHARED", "../shared"));
    private static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      app_config:
                        bot_token: xoxb-test
                      webhooks:
                        ops: https://hooks.slack.com/services/T0/B0/x
                      channels:
                        severity_mapping:
                          critical: "#alerts-critical"
                          warning: "#alerts-warning"
                        default: webhook:ops
                      routing_rules:
                        - id: kube
                          matchers: ['alertname=~"Kube.*"']
                          target_channels: ["#kube", webhook:ops]
                          continue: true
                      templates:
                        seed: |
                          🚨 *{{alert.summary}}*
                          *Severity:* {{alert.severity}}
                          *Service:* {{alert.service}}
                          {{alert.description}}
                      default_template: seed
            """;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(SHARED.resolve("corpus/alertmanager"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    private final Pipeline pipeline;

    PipelineCorpusTest() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG, null);
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
        pipeline = new Pipeline(config, clock, d -> false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void plan_corpusPayload_fitsEveryLimitWithValuesEscaped(Path file) throws Exception {
        AlertGroup group = pipeline.parser().parse(Files.readAllBytes(file));
        List<Planned> planned = pipeline.plan("acme", group);
        assertFalse(planned.isEmpty());
        for (Planned p : planned) {
            Map<String, Object> body = p.message().webhookBody();
            assertEquals(List.of(), BlockKitLimits.violations(body), file + " → " + p.destination().name());
            assertEquals("", p.templateFailure(), "template rendered without falling back");
            String json = JSON.std.asString(body);
            for (Alert a : group.alerts()) {
                for (String v : a.labels().asMap().values()) {
                    if (v.contains("<") || v.contains(">")) {
                        assertFalse(json.contains(JSON.std.asString(v).replaceAll("^\"|\"$", "")),
                                "label value reached Slack unescaped: " + v);
                    }
                }
            }
            assertFalse(json.contains("&amp;amp;") || json.contains("&amp;lt;"), "escaped twice: " + file);
            assertTrue(p.message().text().length() > 0);
        }
    }
}
