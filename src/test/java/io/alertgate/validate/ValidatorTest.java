package io.alertgate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.SecretDecoder;
import io.alertgate.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One minimal failing config per check: each yields its code at the right path and line, and nothing at a lower level. */
class ValidatorTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Report validate(String yaml, Level level) throws Exception {
        return validate(yaml, level, Map.of(), SecretDecoder.NONE, 0, Validator.builtInSamples());
    }

    private Report validate(String yaml, Level level, Map<String, String> env, SecretDecoder secrets, int keys,
            List<Validator.Sample> samples) throws Exception {
        Path f = dir.resolve("alertgate.yaml");
        Files.writeString(f, yaml);
        return new Validator(env, secrets, keys, CLOCK, samples).validate(f, level).report();
    }

    /** A valid tenant whose slack block is {@code slack} (indented by the caller's text blocks as at column 0). */
    private static String tenant(String slack) {
        return """
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                """ + slack.indent(10);
    }

    private static final String OK = """
            webhooks: {ops: "https://hooks.slack.com/services/T1/B2/x"}
            channels: {default: webhook:ops}
            """;

    private static Finding only(Report r, String code) {
        List<Finding> f = r.withCode(code);
        assertEquals(1, f.size(), r.text());
        return f.get(0);
    }

    @Test
    void tlsFileThatIsNotThere_isAG250_atStandardOnly() throws Exception {
        Files.writeString(dir.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        String yaml = """
                server:
                  tls: {cert_file: %s, key_file: %s}
                """.formatted(dir.resolve("server.crt"), dir.resolve("missing.key")) + tenant(OK);
        Finding f = only(validate(yaml, Level.STANDARD), "AG250");
        assertEquals("server.tls.key_file", f.path());
        assertTrue(validate(yaml, Level.BASIC).withCode("AG250").isEmpty());
    }

    @Test
    void minimalConfig_atStandard_isValidWithoutErrors() throws Exception {
        Report r = validate(tenant(OK), Level.STANDARD);
        assertTrue(r.valid(), r.text());
        assertEquals(0, r.count(Severity.ERROR));
        assertTrue(r.summary().startsWith("0 errors, 0 warnings, 0 hints: valid (level standard)"), r.summary());
    }

    @Test
    void missingFile_isUnreadable_AG100() {
        Report r = new Validator(Map.of(), SecretDecoder.NONE, 0, CLOCK, List.of()).validate(dir.resolve("nope.yaml"), Level.BASIC).report();
        assertTrue(r.unreadable());
        assertFalse(r.valid());
        only(r, "AG100");
    }

    @Test
    void yamlSyntaxError_isAG101WithItsLine() throws Exception {
        Finding f = only(validate("tenants:\n  acme: [unclosed\n", Level.BASIC), "AG101");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.line() >= 2, f.toString());
    }

    @Test
    void unknownKey_isAG102WithDidYouMean() throws Exception {
        Finding f = only(validate(tenant(OK + "routing_rule: []\n"), Level.BASIC), "AG102");
        assertEquals("tenants.acme.environments.prod.slack.routing_rule", f.path());
        assertEquals(8, f.line());
        assertTrue(f.message().contains("did you mean 'routing_rules'"), f.message());
    }

    @Test
    void noDefaultDestination_isAG103() throws Exception {
        only(validate(tenant("webhooks: {ops: \"https://hooks.slack.com/services/T1/B2/x\"}\n"), Level.BASIC), "AG103");
    }

    @Test
    void targetNamingAMissingWebhook_isAG104() throws Exception {
        Finding f = only(validate(tenant(OK.replace("default: webhook:ops", "default: webhook:opz")), Level.BASIC), "AG104");
        assertEquals("tenants.acme.environments.prod.slack.channels.default", f.path());
        assertEquals(7, f.line());
    }

    @Test
    void encryptedValueWithoutKeyRing_isAG105AndNeverQuotesTheValue() throws Exception {
        Report r = validate(tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"enc:gAAAAABsecretish\"")),
                Level.BASIC);
        only(r, "AG105");
        assertFalse(r.text().contains("secretish"), r.text());
    }

    @Test
    void wrongType_isAG106() throws Exception {
        only(validate(tenant(OK + "rate_limiting: {burst_capacity: lots}\n"), Level.BASIC), "AG106");
    }

    @Test
    void malformedRedisUrl_isAG106AtRedisUrlAndItsLine_withoutThePassword() throws Exception {
        Report r = validate("redis:\n  url: \"redis://u:pa55word@127.0.0.1:16379/abc\"\n" + tenant(OK), Level.BASIC);
        Finding f = only(r, "AG106");
        assertEquals("redis.url", f.path());
        assertEquals(2, f.line());
        assertFalse(r.text().contains("pa55word"), r.text());
    }

    @Test
    void templateThatDoesNotCompile_isAG107AtTheTemplateLine() throws Exception {
        Finding f = only(validate(tenant(OK + "templates:\n  t: |\n    line one\n    {{#alert}}never closed\n"), Level.BASIC),
                "AG107");
        assertEquals("tenants.acme.environments.prod.slack.templates.t", f.path());
        assertTrue(f.line() >= 10 && f.line() <= 11, f.toString());
    }

    @Test
    void jinjaFilter_isAG108WithTheMustacheEquivalent() throws Exception {
        Finding f = only(validate(tenant(OK + "templates:\n  t: |\n    *{{ alert.summary }}*\n    {{ alert.severity | upper }}\n"),
                Level.BASIC), "AG108");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(11, f.line());
        assertEquals("write {{#upper}}{{alert.severity}}{{/upper}}", f.fix());
    }

    @Test
    void mustacheFor_seedFilters_mapToAlertgateLambdas() {
        assertEquals("{{#upper}}{{alert.severity}}{{/upper}}", Validator.mustacheFor("alert.severity", "upper", null));
        assertEquals("{{#slack_date}}{{alert.startsAt}}{{/slack_date}}",
                Validator.mustacheFor("alert.timestamp", "slack_timestamp", null));
        assertEquals("{{#link}}{{alert.runbook_url}}|Voir Runbook{{/link}}",
                Validator.mustacheFor("alert.runbook_url", "slack_link", "Voir Runbook"));
    }

    @Test
    void invalidSample_isAG200NamingTheSample() throws Exception {
        Report r = validate(tenant(OK), Level.STANDARD, Map.of(), SecretDecoder.NONE, 0,
                List.of(new Validator.Sample("broken.json", "{\"version\":\"4\"".getBytes(StandardCharsets.UTF_8))));
        assertEquals("broken.json", only(r, "AG200").path());
    }

    @Test
    void templateLongerThanASection_isAG202AtStandardOnly() throws Exception {
        String yaml = tenant(OK + "templates:\n  long: \"{{#alerts}}{{generator_url}} {{generator_url}} {{description}}{{/alerts}}\"\n");
        only(validate(yaml, Level.STANDARD), "AG202");
        assertTrue(validate(yaml, Level.BASIC).withCode("AG202").isEmpty());
    }

    @Test
    void templateFailingAtRenderTime_isAG201_namingTheFailure() throws Exception {
        // A partial compiles but is loaded only when rendered, and alertgate configures no template loader.
        String yaml = tenant(OK + "templates:\n  t: \"{{> other}}\"\n");
        assertTrue(validate(yaml, Level.BASIC).withCode("AG107").isEmpty());
        Finding f = only(validate(yaml, Level.STANDARD), "AG201");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("tenants.acme.environments.prod.slack.templates.t", f.path());
        assertTrue(f.message().contains("falls back to the built-in layout"), f.message());
        Report strict = validate(yaml, Level.STRICT);
        assertEquals(1, strict.withCode("AG201").size(), strict.text());
        assertTrue(strict.withCode("AG301").isEmpty(), "not a missing variable: " + strict.text());
    }

    @Test
    void cacheSmallerThanTheMostAlertsOfOnePayload_isHintAG242() throws Exception {
        String yaml = "server: {max_alerts: 500}\n" + tenant(OK + "caching: {max_entries: 499}\n");
        Finding f = only(validate(yaml, Level.STANDARD), "AG242");
        assertEquals(Severity.HINT, f.severity());
        assertEquals("tenants.acme.environments.prod.slack.caching.max_entries", f.path());
        assertTrue(f.fix().contains("caching.max_entries >= server.max_alerts"), f.fix());
        assertTrue(validate(yaml.replace("499", "500"), Level.STANDARD).withCode("AG242").isEmpty());
        assertTrue(validate(yaml.replace("499}", "499, enabled: false}"), Level.STANDARD).withCode("AG242").isEmpty());
        assertTrue(validate(yaml, Level.BASIC).withCode("AG242").isEmpty());
    }

    @Test
    void ruleWithTheSameMatchersAsAnEarlierOne_isAG210() throws Exception {
        Finding f = only(validate(tenant(OK + """
                routing_rules:
                  - {id: a, conditions: {team: db}, target_channels: [webhook:ops]}
                  - {id: b, conditions: {team: db}, target_channels: [webhook:ops]}
                """), Level.STANDARD), "AG210");
        assertEquals("tenants.acme.environments.prod.slack.routing_rules[1]", f.path());
        assertTrue(f.message().contains("shadowed by rule 'a'"), f.message());
    }

    @Test
    void ruleAfterACatchAllWithoutContinue_isAG210_butNotWithContinue() throws Exception {
        String rules = """
                routing_rules:
                  - {id: all, target_channels: [webhook:ops]CONT}
                  - {id: b, conditions: {team: db}, target_channels: [webhook:ops]}
                """;
        assertTrue(only(validate(tenant(OK + rules.replace("CONT", "")), Level.STANDARD), "AG210").message().contains("never reached"));
        assertTrue(validate(tenant(OK + rules.replace("CONT", ", continue: true")), Level.STANDARD).withCode("AG210").isEmpty());
    }

    @Test
    void ruleWithContradictoryEqualities_isAG211() throws Exception {
        only(validate(tenant(OK + """
                routing_rules:
                  - {id: a, conditions: {team: db}, matchers: ['team="web"'], target_channels: [webhook:ops]}
                """), Level.STANDARD), "AG211");
    }

    @Test
    void escalationDelaysThatDoNotIncrease_isAG220AtTheLaterLevel() throws Exception {
        Finding f = only(validate(tenant(OK + """
                escalation:
                  enabled: true
                  levels:
                    - {level: 1, delay_minutes: 10, targets: [webhook:ops]}
                    - {level: 2, delay_minutes: 10, targets: [webhook:ops]}
                """), Level.STANDARD), "AG220");
        assertEquals("tenants.acme.environments.prod.slack.escalation.levels[1].delay_minutes", f.path());
    }

    @Test
    void rateAboveSlacksPostingRate_isAG230_andDisabledRateLimiting_isAG231() throws Exception {
        only(validate(tenant(OK + "rate_limiting: {max_requests_per_second: 3}\n"), Level.STANDARD), "AG230");
        only(validate(tenant(OK + "rate_limiting: {enabled: false}\n"), Level.STANDARD), "AG231");
    }

    @Test
    void manyRegexMatchers_isHintAG240() throws Exception {
        StringBuilder rules = new StringBuilder("routing_rules:\n");
        for (int i = 0; i <= Validator.REGEX_MATCHERS_HINT; i++) {
            rules.append("  - {id: r").append(i).append(", matchers: ['instance=~\"host-").append(i)
                    .append(".*\"'], target_channels: [webhook:ops]}\n");
        }
        assertEquals(Severity.HINT, only(validate(tenant(OK + rules), Level.STANDARD), "AG240").severity());
    }

    @Test
    void templateSlowerThanTheBudget_isHintAG241() throws Exception {
        Path f = dir.resolve("alertgate.yaml");
        Files.writeString(f, tenant(OK + "templates:\n  t: \"{{alert.summary}}\"\n"));
        long[] now = {0};
        // Each reading advances the fake clock, so each render "takes" exactly one step.
        java.util.function.LongSupplier slow = () -> now[0] += 6_000_000L;
        Report r = new Validator(Map.of(), SecretDecoder.NONE, 0, CLOCK, Validator.builtInSamples(), slow).validate(f, Level.STANDARD).report();
        Finding hint = only(r, "AG241");
        assertEquals(Severity.HINT, hint.severity());
        assertTrue(hint.message().contains("6.0 ms"), hint.message());
        java.util.function.LongSupplier fast = () -> now[0] += 1_000_000L;
        assertTrue(new Validator(Map.of(), SecretDecoder.NONE, 0, CLOCK, Validator.builtInSamples(), fast).validate(f, Level.STANDARD)
                .report().withCode("AG241").isEmpty());
    }

    @Test
    void variableMissingFromTheViewModel_isAG301AtStrictOnly() throws Exception {
        String yaml = tenant(OK + "templates:\n  t: \"{{alert.sumary}}\"\n");
        Finding f = only(validate(yaml, Level.STRICT), "AG301");
        assertTrue(f.message().contains("alert.sumary"), f.message());
        assertTrue(validate(yaml, Level.STANDARD).valid());
    }

    @Test
    void plainTextSecrets_areAG302_butEncAndEnvironmentAreNot() throws Exception {
        Report plain = validate(tenant(OK), Level.STRICT);
        assertEquals("tenants.acme.environments.prod.slack.webhooks.ops", only(plain, "AG302").path());
        assertFalse(plain.text().contains("hooks.slack.com/services"), plain.text());
        Report env = validate(tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"${OPS_URL}\"")),
                Level.STRICT, Map.of("OPS_URL", "https://hooks.slack.com/services/T1/B2/x"), SecretDecoder.NONE, 0, List.of());
        assertTrue(env.withCode("AG302").isEmpty(), env.text());
        Report enc = validate(tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"enc:anything\"")),
                Level.STRICT, Map.of(), v -> Secret.of("https://hooks.slack.com/services/T1/B2/x"), 2, List.of());
        assertTrue(enc.withCode("AG302").isEmpty(), enc.text());
    }

    @Test
    void httpWebhookUrl_isAG303() throws Exception {
        only(validate(tenant(OK.replace("https://", "http://")), Level.STRICT), "AG303");
    }

    @Test
    void noFallbackDestination_isAG304_andAFallbackSilencesIt() throws Exception {
        only(validate(tenant(OK), Level.STRICT), "AG304");
        assertTrue(validate(tenant(OK.replace("default: webhook:ops", "default: webhook:ops, fallback: console")),
                Level.STRICT).withCode("AG304").isEmpty());
    }

    @Test
    void escalationWithoutSigningSecret_isAG305() throws Exception {
        only(validate(tenant(OK + "escalation: {enabled: true, levels: [{level: 1, delay_minutes: 5, targets: [console]}]}\n"),
                Level.STRICT), "AG305");
    }

    @Test
    void webhookNotOnSlacksHost_isAG403AtParanoidOnly() throws Exception {
        String yaml = tenant(OK.replace("hooks.slack.com", "hooks.example.com"));
        only(validate(yaml, Level.PARANOID), "AG403");
        assertTrue(validate(yaml, Level.STRICT).withCode("AG403").isEmpty());
    }

    @Test
    void encryptedValuesWithASingleKeyRing_isAG404() throws Exception {
        String yaml = tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"enc:anything\""));
        SecretDecoder d = v -> Secret.of("https://hooks.slack.com/services/T1/B2/x");
        only(validate(yaml, Level.PARANOID, Map.of(), d, 1, List.of()), "AG404");
        assertTrue(validate(yaml, Level.PARANOID, Map.of(), d, 2, List.of()).withCode("AG404").isEmpty());
    }

    @Test
    void templatesThatMayMention_areAG405() throws Exception {
        Report r = validate(tenant(OK + "templates:\n  t: |\n    {{{alert.summary}}}\n    <!here> look\n"), Level.PARANOID);
        assertEquals(2, r.withCode("AG405").size(), r.text());
    }

    /** A tenant with {@code auth} (beside {@code slack}) given as YAML at column 0. */
    private static String tenantWithAuth(String auth) {
        return """
                tenants:
                  acme:
                    environments:
                      prod:
                        auth:
                """ + auth.indent(10) + "        slack:\n" + OK.indent(10);
    }

    @Test
    void tenantWithoutInboundAuth_isAG401AtParanoid_andABearerTokenSatisfiesIt() throws Exception {
        Finding f = only(validate(tenant(OK), Level.PARANOID), "AG401");
        assertEquals("tenants.acme.environments.prod.auth", f.path());
        Report withToken = validate(tenantWithAuth("bearer_token: \"${TOKEN}\""), Level.PARANOID,
                Map.of("TOKEN", "0123456789abcdef0123"), SecretDecoder.NONE, 0, List.of());
        assertTrue(withToken.withCode("AG401").isEmpty(), withToken.text());
    }

    @Test
    void plainTextBearerToken_isAG302() throws Exception {
        Report r = validate(tenantWithAuth("bearer_token: 0123456789abcdef0123"), Level.STRICT);
        assertTrue(r.withCode("AG302").stream().anyMatch(f -> f.path().equals("tenants.acme.environments.prod.auth.bearer_token")),
                r.text());
        assertFalse(r.text().contains("0123456789abcdef0123"), r.text());
    }

    @Test
    void plainTextSentinelAndClusterPasswords_areAG302_atTheirPaths() throws Exception {
        Report sentinel = validate("redis:\n  sentinel: {master: m, nodes: [\"h:26379\"], password: pa55word-1, "
                + "sentinel_password: \"${SP}\"}\n" + tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"${OPS_URL}\"")),
                Level.STRICT, Map.of("SP", "x", "OPS_URL", "https://hooks.slack.com/services/T1/B2/x"), SecretDecoder.NONE, 0, List.of());
        assertEquals("redis.sentinel.password", only(sentinel, "AG302").path());
        assertFalse(sentinel.text().contains("pa55word-1"), sentinel.text());
        Report cluster = validate("redis:\n  cluster: {nodes: [\"h:6379\"], password: pa55word-2}\n"
                + tenant(OK.replace("\"https://hooks.slack.com/services/T1/B2/x\"", "\"${OPS_URL}\"")),
                Level.STRICT, Map.of("OPS_URL", "https://hooks.slack.com/services/T1/B2/x"), SecretDecoder.NONE, 0, List.of());
        assertEquals("redis.cluster.password", only(cluster, "AG302").path());
    }

    @Test
    void plainTextAlertmanagerCredentials_areAG302_andAnEnvironmentTokenIsNot() throws Exception {
        String plain = tenantWithAuth("bearer_token: \"${TOKEN}\"").replace("        slack:\n",
                "        alertmanager:\n          url: http://am:9093\n          basic_auth:\n            username: ops\n            password: hunter2-plain\n        slack:\n");
        Report r = validate(plain, Level.STRICT, Map.of("TOKEN", "0123456789abcdef0123"), SecretDecoder.NONE, 0, List.of());
        assertTrue(r.withCode("AG302").stream().anyMatch(
                f -> f.path().equals("tenants.acme.environments.prod.alertmanager.basic_auth.password")), r.text());
        assertFalse(r.text().contains("hunter2-plain"), r.text());
        String env = plain.replace("basic_auth:\n            username: ops\n            password: hunter2-plain", "bearer_token: \"${AM}\"");
        Report ok = validate(env, Level.STRICT, Map.of("TOKEN", "0123456789abcdef0123", "AM", "am-token"), SecretDecoder.NONE,
                0, List.of());
        assertTrue(ok.withCode("AG302").stream().noneMatch(f -> f.path().contains(".alertmanager.")), ok.text());
    }

    @Test
    void cidrWiderThanSlash8_isAG402_inAllowlistsAndTrustedProxies() throws Exception {
        Report r = validate("server:\n  trusted_proxies: [\"10.0.0.0/8\", \"0.0.0.0/0\"]\n"
                + tenantWithAuth("bearer_token: \"${TOKEN}\"\nallowed_cidrs: [\"10.1.0.0/16\", \"::/0\"]"),
                Level.PARANOID, Map.of("TOKEN", "0123456789abcdef0123"), SecretDecoder.NONE, 0, List.of());
        assertEquals(List.of("server.trusted_proxies[1]", "tenants.acme.environments.prod.auth.allowed_cidrs[1]"),
                r.withCode("AG402").stream().map(Finding::path).toList(), r.text());
    }

    @Test
    void json_hasSummaryAndFindings() throws Exception {
        Map<String, Object> json = validate(tenant(OK.replace("opz", "ops") + "routing_rule: []\n"), Level.BASIC).toJson();
        assertEquals(false, json.get("valid"));
        assertEquals(Map.of("errors", 1L, "warnings", 0L, "hints", 0L), json.get("summary"));
    }
}
