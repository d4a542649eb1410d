package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The security keys: tenant auth, server protection, mention_on_critical — parsed, defaulted, refused with their path. */
class SecurityConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("TOKEN", "0123456789abcdef-token"), SecretDecoder.NONE);

    private GatewayConfig parse(String server, String env, String slack) throws Exception {
        return loader.parse("""
                server:
                  listen: 127.0.0.1:0
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                %s
                        slack:
                          channels: {default: console}
                %s
                """.formatted(server.indent(2).stripTrailing(), env.indent(8).stripTrailing(),
                slack.indent(10).stripTrailing()), null);
    }

    @Test
    void parse_withoutSecurityKeys_isOpenWithHardenedDefaults() throws Exception {
        GatewayConfig c = parse("", "", "");
        TenantConfig t = c.tenant("acme").orElseThrow();
        assertEquals(InboundAuth.open(), t.auth());
        assertEquals(Optional.empty(), t.mentionOnCritical());
        assertEquals(Ingress.defaults(), c.server().ingress());
        assertEquals(Duration.ofSeconds(30), c.server().ingress().requestTimeout());
    }

    @Test
    void parse_fullAuthAndIngress_areRead() throws Exception {
        GatewayConfig c = parse("""
                trusted_proxies: ["10.0.0.1", "fd00::/8"]
                max_concurrent_requests: 8
                source_rate_limit: {requests_per_second: 5, burst: 20}
                request_timeout_seconds: 5
                max_header_count: 50
                """, """
                auth:
                  bearer_token: "${TOKEN}"
                  basic: {username: am, password: "${TOKEN}"}
                  allowed_cidrs: ["192.0.2.0/24"]
                """, "mention_on_critical: \"<!here> <@U0123ABCD>\"");
        TenantConfig t = c.tenant("acme").orElseThrow();
        assertEquals("0123456789abcdef-token", t.auth().bearerToken().orElseThrow().reveal());
        assertEquals(Optional.of("am"), t.auth().basicUsername());
        assertEquals(List.of(Cidr.parse("192.0.2.0/24")), t.auth().allowedCidrs());
        assertTrue(t.auth().requiresCredentials());
        assertEquals(Optional.of("<!here> <@U0123ABCD>"), t.mentionOnCritical());
        Ingress in = c.server().ingress();
        assertEquals(List.of(Cidr.parse("10.0.0.1/32"), Cidr.parse("fd00::/8")), in.trustedProxies());
        assertEquals(8, in.maxConcurrentRequests());
        assertEquals(5.0, in.sourceRequestsPerSecond());
        assertEquals(20, in.sourceBurst());
        assertEquals(Duration.ofSeconds(5), in.requestTimeout());
        assertEquals(50, in.maxHeaderCount());
        assertFalse(t.auth().toString().contains("0123456789abcdef-token"), "secrets print masked");
    }

    @Test
    void parse_badSecurityValues_failWithTheirPath() {
        assertPath(() -> parse("trusted_proxies: [proxy.example]", "", ""), "trusted_proxies");
        assertPath(() -> parse("", "auth: {allowed_cidrs: [\"10.0.0.0/40\"]}", ""), "allowed_cidrs");
        assertPath(() -> parse("", "auth: {bearer_token: short}", ""), "bearer_token");
        assertPath(() -> parse("", "auth: {basic: {username: am}}", ""), "password");
        assertPath(() -> parse("", "auth: {tokens: x}", ""), "tokens");
        assertPath(() -> parse("", "", "mention_on_critical: \"<https://evil.example|click>\""), "mention_on_critical");
        assertPath(() -> parse("", "", "mention_on_critical: \"@here\""), "mention_on_critical");
    }

    private static void assertPath(org.junit.jupiter.api.function.Executable e, String fragment) {
        ConfigException ex = assertThrows(ConfigException.class, e);
        assertTrue(ex.describe().contains(fragment), ex.describe());
    }

    @Test
    void clientCertSubjects_withoutClientCaFile_failAtTheirOwnPathAndLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("", "auth:\n  client_cert_subjects: [\"CN=alertmanager\"]", ""));
        assertEquals("tenants.acme.environments.prod.auth.client_cert_subjects", e.path(), e.describe());
        assertEquals(9, e.line(), e.describe());
    }
}
