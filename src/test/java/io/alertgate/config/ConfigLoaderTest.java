package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String TENANT = """
            version: "2.1.0"
            environments:
              prod:
                slack:
                  app_config:
                    bot_token: "${SLACK_BOT_TOKEN}"
                  webhooks:
                    critical_alerts: "https://hooks.slack.com/services/T123/B456/xyz789"
                  users:
                    oncall-manager: U0ONCALL1
                  channels:
                    severity_mapping:
                      critical: "#alerts-critical"
                      low: "#alerts-general"
                    default: webhook:critical_alerts
                  routing_rules:
                    - id: ml_alerts
                      conditions:
                        service: ml-pipeline
                        severity: [critical, high]
                      target_channels: ["#ml-alerts", "@oncall-manager"]
                  templates:
                    alert_template: "*{{alert.summary}}*"
                  escalation:
                    enabled: true
                    levels:
                      - level: 1
                        delay_minutes: 5
                        targets: ["#alerts-oncall"]
                  rate_limiting:
                    enabled: true
                    max_requests_per_second: 1
                    burst_capacity: 5
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("SLACK_BOT_TOKEN", "xoxb-test"), SecretDecoder.NONE);

    private static String inline(String tenantDoc) {
        return "server:\n  listen: 127.0.0.1:0\n  environment: prod\ntenants:\n  acme:\n"
                + tenantDoc.indent(4);
    }

    private ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> loader.parse(yaml, null));
    }

    @Test
    void parse_seedShapedTenant_resolvesTargetsAndSecrets() throws Exception {
        GatewayConfig c = loader.parse(inline(TENANT), null);
        TenantConfig t = c.tenant("acme").orElseThrow();
        assertEquals("xoxb-test", t.botToken().orElseThrow().reveal());
        assertEquals("[MASKED]", t.botToken().orElseThrow().toString());
        assertInstanceOf(Target.Webhook.class, t.defaultTarget());
        assertEquals(new Target.User("@oncall-manager", "oncall-manager", "U0ONCALL1"), t.rules().get(0).targets().get(1));
        assertEquals(0, c.server().port());
        assertEquals(1, t.escalation().levels().size());
    }

    @Test
    void parse_conditionList_matchesAnyOfTheValues() throws Exception {
        TenantConfig t = loader.parse(inline(TENANT), null).tenant("acme").orElseThrow();
        var rule = t.rules().get(0);
        Labels high = Labels.of("service", "ml-pipeline", "severity", "high");
        Labels low = Labels.of("service", "ml-pipeline", "severity", "low");
        assertTrue(rule.matchers().stream().allMatch(m -> m.matches(high)));
        assertFalse(rule.matchers().stream().allMatch(m -> m.matches(low)));
    }

    @Test
    void parse_listValueWithRegexCharacters_isTakenLiterally() throws Exception {
        String doc = TENANT.replace("severity: [critical, high]", "severity: [\"a.b\", \"c|d\"]");
        var rule = loader.parse(inline(doc), null).tenant("acme").orElseThrow().rules().get(0);
        Labels tricky = Labels.of("service", "ml-pipeline", "severity", "aXb");
        assertFalse(rule.matchers().stream().allMatch(m -> m.matches(tricky)));
    }

    @Test
    void parse_unknownKey_failsWithPathLineAndSuggestion() {
        ConfigException e = failure(inline(TENANT.replace("routing_rules:", "routing_rule:")));
        assertEquals("tenants.acme.environments.prod.slack.routing_rule", e.path());
        assertTrue(e.getMessage().contains("did you mean 'routing_rules'"), e.getMessage());
        assertTrue(e.line() > 0);
    }

    @Test
    void parse_unknownWebhookTarget_failsAtLoad() {
        ConfigException e = failure(inline(TENANT.replace("default: webhook:critical_alerts", "default: webhook:nope")));
        assertEquals("tenants.acme.environments.prod.slack.channels.default", e.path());
        assertTrue(e.getMessage().contains("no webhook named 'nope'"));
    }

    @Test
    void parse_unknownUser_failsAtLoad() {
        ConfigException e = failure(inline(TENANT.replace("\"@oncall-manager\"", "\"@ghost\"")));
        assertEquals("tenants.acme.environments.prod.slack.routing_rules[0].target_channels[1]", e.path());
    }

    @Test
    void parse_channelTargetWithoutBotToken_failsNamingTheFix() {
        ConfigException e = failure(inline(TENANT.replace("      app_config:\n        bot_token: \"${SLACK_BOT_TOKEN}\"\n", "")));
        assertTrue(e.getMessage().contains("needs app_config.bot_token"), e.getMessage());
    }

    @Test
    void parse_wrongType_failsWithPath() {
        ConfigException e = failure(inline(TENANT.replace("burst_capacity: 5", "burst_capacity: lots")));
        assertEquals("tenants.acme.environments.prod.slack.rate_limiting.burst_capacity", e.path());
        assertTrue(e.getMessage().contains("expected an integer"));
    }

    @Test
    void parse_wrongTypeFromTheEnvironment_neverShowsTheValue() {
        var env = new ConfigLoader(Map.of("SLACK_BOT_TOKEN", "x", "BURST", "xoxb-secret-in-wrong-place"), SecretDecoder.NONE);
        ConfigException e = assertThrows(ConfigException.class,
                () -> env.parse(inline(TENANT.replace("burst_capacity: 5", "burst_capacity: \"${BURST}\"")), null));
        assertTrue(e.getMessage().contains("expected an integer"), e.getMessage());
        assertFalse(e.getMessage().contains("xoxb-secret"), e.getMessage());
    }

    @Test
    void parse_missingEnvironmentVariable_failsNamingIt() {
        var bare = new ConfigLoader(Map.of(), SecretDecoder.NONE);
        ConfigException e = assertThrows(ConfigException.class, () -> bare.parse(inline(TENANT), null));
        assertEquals("tenants.acme.environments.prod.slack.app_config.bot_token", e.path());
        assertTrue(e.getMessage().contains("SLACK_BOT_TOKEN is not set"));
    }

    @Test
    void parse_encryptedValueWithoutKeyRing_failsNamingTheKey() {
        ConfigException e = failure(inline(TENANT.replace("\"${SLACK_BOT_TOKEN}\"", "\"enc:gAAAAABfake\"")));
        assertEquals("tenants.acme.environments.prod.slack.app_config.bot_token", e.path());
        assertTrue(e.getMessage().contains("enc:"));
        assertFalse(e.getMessage().contains("gAAAAABfake"));
    }

    @Test
    void parse_badWebhookUrl_neverQuotesTheSecret() {
        ConfigException e = failure(inline(TENANT.replace("https://hooks.slack.com/services/T123/B456/xyz789",
                "hooks.slack.com/services/T123/B456/secretpart")));
        assertFalse(e.getMessage().contains("secretpart"));
        assertEquals("tenants.acme.environments.prod.slack.webhooks.critical_alerts", e.path());
    }

    @Test
    void parse_badMatcherRegex_failsWithPath() {
        String doc = TENANT.replace("          conditions:", "          matchers: ['instance=~\"(\"']\n          conditions:");
        ConfigException e = failure(inline(doc));
        assertEquals("tenants.acme.environments.prod.slack.routing_rules[0].matchers[0]", e.path());
    }

    @Test
    void parse_missingServedEnvironment_failsListingTheOthers() {
        ConfigException e = failure(inline(TENANT).replace("environment: prod", "environment: staging"));
        assertTrue(e.getMessage().contains("no environment 'staging' (it has: prod)"), e.getMessage());
    }

    @Test
    void parse_alertgateEnvVariable_overridesServerEnvironment() {
        var staging = new ConfigLoader(Map.of("SLACK_BOT_TOKEN", "x", "ALERTGATE_ENV", "staging"), SecretDecoder.NONE);
        ConfigException e = assertThrows(ConfigException.class, () -> staging.parse(inline(TENANT), null));
        assertTrue(e.getMessage().contains("no environment 'staging'"));
    }

    @Test
    void parse_duplicateKey_fails() {
        ConfigException e = failure("server:\n  listen: 127.0.0.1:1\n  listen: 127.0.0.1:2\ntenants: {}\n");
        assertTrue(e.getMessage().toLowerCase().contains("duplicate"), e.getMessage());
    }

    @Test
    void parse_yamlSyntaxError_reportsTheLine() {
        ConfigException e = failure("server:\n  listen: [unclosed\ntenants:\n");
        assertTrue(e.line() > 0);
        assertTrue(e.getMessage().startsWith("YAML syntax"));
    }

    @Test
    void parse_templateNameNotDefined_failsAtLoad() {
        String doc = TENANT.replace("          target_channels: [\"#ml-alerts\", \"@oncall-manager\"]",
                "          target_channels: [\"#ml-alerts\", \"@oncall-manager\"]\n          template: missing");
        ConfigException e = failure(inline(doc));
        assertEquals("tenants.acme.environments.prod.slack.routing_rules[0].template", e.path());
    }

    @Test
    void load_tenantsDir_readsOneFilePerTenant(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("tenants"));
        Files.writeString(dir.resolve("tenants/team-a.yaml"), TENANT);
        Files.writeString(dir.resolve("tenants/team-b.yml"), TENANT);
        Files.writeString(dir.resolve("alertgate.yaml"), "tenants_dir: tenants\n");
        GatewayConfig c = loader.load(dir.resolve("alertgate.yaml"));
        assertEquals(java.util.Set.of("team-a", "team-b"), c.tenants().keySet());
    }

    @Test
    void load_tenantsDirFileWithError_namesTheFile(@TempDir Path dir) throws IOException {
        Files.createDirectory(dir.resolve("tenants"));
        Files.writeString(dir.resolve("tenants/team-a.yaml"), TENANT.replace("burst_capacity: 5", "burst_capacity: x"));
        Files.writeString(dir.resolve("alertgate.yaml"), "tenants_dir: tenants\n");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("alertgate.yaml")));
        assertTrue(e.path().startsWith("tenants_dir/team-a.yaml"), e.path());
    }

    @Test
    void parse_noDefaultTarget_usesLeastSevereMapping() throws Exception {
        TenantConfig t = loader.parse(inline(TENANT.replace("        default: webhook:critical_alerts\n", "")), null)
                .tenant("acme").orElseThrow();
        assertEquals("#alerts-general", t.defaultTarget().spec());
    }
}
