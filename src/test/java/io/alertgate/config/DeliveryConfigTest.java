package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delivery engine's config keys: circuit_breaker, channels.fallback, server.admin_token. */
class DeliveryConfigTest {
    private static final String TENANT = """
            environments:
              prod:
                slack:
                  webhooks:
                    ops: "https://hooks.slack.com/services/T1/B1/x"
                    spare: "https://hooks.slack.com/services/T1/B2/y"
                  channels:
                    default: webhook:ops
            %s
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("ADMIN", "0123456789abcdef-admin"), SecretDecoder.NONE);

    private GatewayConfig parse(String server, String tenantExtra) throws Exception {
        String yaml = "server:\n  listen: 127.0.0.1:0\n" + server.indent(2) + "tenants:\n  acme:\n"
                + TENANT.formatted(tenantExtra.indent(6)).indent(4);
        return loader.parse(yaml, null);
    }

    private TenantConfig tenant(String extra) throws Exception {
        return parse("", extra).tenant("acme").orElseThrow();
    }

    @Test
    void circuitBreaker_absent_defaultsToFiveFailuresAndSixtySeconds() throws Exception {
        TenantConfig t = tenant("");
        assertEquals(5, t.circuitBreaker().failureThreshold());
        assertEquals(Duration.ofSeconds(60), t.circuitBreaker().recoveryTimeout());
    }

    @Test
    void circuitBreaker_given_isRead() throws Exception {
        TenantConfig t = tenant("circuit_breaker:\n  failure_threshold: 3\n  recovery_timeout_seconds: 120");
        assertEquals(3, t.circuitBreaker().failureThreshold());
        assertEquals(Duration.ofSeconds(120), t.circuitBreaker().recoveryTimeout());
        assertEquals(Duration.ofSeconds(120), t.circuitBreaker().fallbackAfter());
        assertEquals(Duration.ofSeconds(15), tenant("circuit_breaker:\n  fallback_after_seconds: 15")
                .circuitBreaker().fallbackAfter());
    }

    @Test
    void circuitBreaker_zeroThreshold_failsNamingThePath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> tenant("circuit_breaker:\n  failure_threshold: 0"));
        assertTrue(e.path().endsWith("slack.circuit_breaker.failure_threshold"), e.path());
    }

    @Test
    void circuitBreaker_unknownKey_fails() {
        assertThrows(ConfigException.class, () -> tenant("circuit_breaker:\n  recovery_timeout: 5"));
    }

    @Test
    void retry_given_isRead_andAbsent_defaults() throws Exception {
        TenantConfig t = tenant("retry:\n  base_ms: 500\n  cap_ms: 8000\n  max_attempts: 4\n  max_age_seconds: 120");
        assertEquals(new TenantConfig.Retry(Duration.ofMillis(500), Duration.ofSeconds(8), 4, Duration.ofMinutes(2)),
                t.retry());
        assertEquals(TenantConfig.Retry.defaults(), tenant("").retry());
    }

    @Test
    void stormDigest_absent_isOnAtSixty_andCanBeTurnedOff() throws Exception {
        assertEquals(new TenantConfig.StormDigest(true, 60), tenant("").stormDigest());
        assertEquals(new TenantConfig.StormDigest(false, 60), tenant("storm_digest:\n  enabled: false").stormDigest());
        assertEquals(new TenantConfig.StormDigest(true, 200), tenant("storm_digest:\n  threshold: 200").stormDigest());
    }

    @Test
    void workspaceRate_isOptional() throws Exception {
        assertEquals(0, tenant("").rateLimiting().workspaceMaxRequestsPerSecond());
        assertEquals(2.5, tenant("rate_limiting:\n  workspace_max_requests_per_second: 2.5")
                .rateLimiting().workspaceMaxRequestsPerSecond());
    }

    @Test
    void retry_capBelowBase_fails() {
        ConfigException e = assertThrows(ConfigException.class, () -> tenant("retry:\n  base_ms: 500\n  cap_ms: 100"));
        assertTrue(e.getMessage().contains("cap_ms must be >= base_ms"), e.getMessage());
    }

    @Test
    void fallback_isResolvedLikeOtherTargets() throws Exception {
        String yaml = "server:\n  listen: 127.0.0.1:0\ntenants:\n  acme:\n" + TENANT.formatted("")
                .replace("default: webhook:ops", "default: webhook:ops\n        fallback: webhook:spare").indent(4);
        TenantConfig t = loader.parse(yaml, null).tenant("acme").orElseThrow();
        assertEquals(Optional.of(new Target.Webhook("webhook:spare", "spare")), t.fallback());
        assertEquals(Optional.empty(), tenant("").fallback());
    }

    @Test
    void fallback_unknownWebhook_failsAtLoad() {
        String yaml = "server:\n  listen: 127.0.0.1:0\ntenants:\n  acme:\n" + TENANT.formatted("")
                .replace("default: webhook:ops", "default: webhook:ops\n        fallback: webhook:nope").indent(4);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, null));
        assertTrue(e.path().endsWith("channels.fallback"), e.path());
    }

    @Test
    void adminToken_fromEnvironment_isASecret() throws Exception {
        var server = parse("admin_token: \"${ADMIN}\"", "").server();
        assertEquals("0123456789abcdef-admin", server.adminToken().orElseThrow().reveal());
        assertEquals("[MASKED]", server.adminToken().orElseThrow().toString());
        assertEquals(Optional.empty(), parse("", "").server().adminToken());
    }

    @Test
    void adminToken_tooShort_fails() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("admin_token: short", ""));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
