package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.GatewayConfig;
import io.alertgate.config.ServerConfig;
import io.alertgate.slack.FakeSlack;
import io.alertgate.validate.Finding;
import io.alertgate.validate.Level;
import io.alertgate.validate.Report;
import io.alertgate.validate.Validator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's example configuration (src/test/resources/io/alertgate/validate/seed, its enc: values
 * real tokens under {@link #KEY}) validates at standard, its Jinja template is reported line by line
 * with the Mustache equivalent, and a gateway serving it delivers a real payload.
 */
class SeedCompatibilityTest {
    /** The test key the fixture's enc: values were made with ({@code alertgate keygen}). */
    static final String KEY = "ztzB51szeFoc2HaMADG6xNOGnlmrUhBkp0DJOdSJMvk=";
    static final Path SEED = Path.of("src/test/resources/io/alertgate/validate/seed/alertgate.yaml");
    private static final Path SHARED = Path.of(System.getenv().getOrDefault("ALERTGATE_SHARED", "../shared"));

    private static Validator.Validation validate(Level level) {
        return Gateway.validator(Map.of("ALERTGATE_KEYS", KEY), Clock.systemUTC(), Validator.builtInSamples())
                .validate(SEED, level);
    }

    @Test
    void seedConfig_atStandard_isValidWithItsJinjaTemplateReportedPrecisely() {
        Report r = validate(Level.STANDARD).report();
        assertTrue(r.valid(), r.text());
        List<Finding> jinja = r.withCode("AG108");
        assertEquals(3, jinja.size(), r.text());
        assertEquals(List.of("write {{#upper}}{{alert.severity}}{{/upper}}",
                        "write {{#slack_date}}{{alert.startsAt}}{{/slack_date}}",
                        "write {{#link}}{{alert.runbook_url}}|Voir Runbook{{/link}}"),
                jinja.stream().map(Finding::fix).toList());
        // Lines in tenants/seed.yaml: "*Gravité :*" is line 58, Heure 65, Runbook 66.
        assertEquals(List.of(58, 65, 66), jinja.stream().map(Finding::line).toList());
        assertTrue(r.text().contains("tenants_dir/seed.yaml:58"), r.text());
        assertEquals(r.count(io.alertgate.validate.Severity.WARNING), 3, r.text());
    }

    @Test
    void seedConfig_atStrict_isInvalidBecauseOfPlainWebhooksAndMissingVariables() {
        Report r = validate(Level.STRICT).report();
        assertEquals(2, r.withCode("AG302").size(), r.text());
        assertEquals(1, r.withCode("AG301").size(), r.text());
        assertTrue(r.withCode("AG305").isEmpty(), "the seed sets a signing secret: " + r.text());
    }

    @Test
    void seedConfig_serves_aCriticalMlAlertReachesBothRuleChannels() throws Exception {
        GatewayConfig loaded = validate(Level.STANDARD).config().orElseThrow();
        try (FakeSlack slack = FakeSlack.start()) {
            ServerConfig s = loaded.server();
            GatewayConfig config = new GatewayConfig(new ServerConfig(s.host(), 0, s.environment(), s.maxBodyBytes(),
                    s.maxNestingDepth(), s.maxAlerts(), slack.apiBase(), s.slackTimeout(), s.drainTimeout(), s.adminToken(),
                    s.ingress(), s.auditFile(),
                    s.reloadValidationLevel()), loaded.tenants());
            try (Gateway g = Gateway.start(config, Gateway.Options.defaults())) {
                String body = Files.readString(SHARED.resolve("corpus/alertmanager/realistic/r01-kubepodcrashlooping-firing.json"))
                        .replace("\"severity\":\"warning\"", "\"severity\":\"critical\"")
                        .replace("\"service\":\"kube-state-metrics\"", "\"service\":\"ml-pipeline\"");
                HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + g.port() + "/api/v1/alerts/seed"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(202, res.statusCode(), res.body());
                List<FakeSlack.Received> got = slack.awaitMessages(2, Duration.ofSeconds(10));
                assertEquals(java.util.Set.of("#ml-alerts", "#ml-oncall"),
                        java.util.Set.of(got.get(0).body().get("channel"), got.get(1).body().get("channel")));
            }
        }
    }
}
