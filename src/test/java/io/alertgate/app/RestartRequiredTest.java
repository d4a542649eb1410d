package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which changed YAML paths a reload reports as needing a restart. */
class RestartRequiredTest {
    private static final String SLACK = "tenants.acme.environments.prod.slack.";

    /** {@code server} keys besides listen, top-level sections (redis) and the tenant's {@code slack} keys. */
    private static GatewayConfig config(String listen, String server, String top, String slack) throws Exception {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: %s
                %s
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {a: "https://hooks.slack.com/services/T1/B1/x"}
                          channels: {default: "webhook:a"}
                %s
                """.formatted(listen, server.indent(2).stripTrailing(), top.stripTrailing(),
                slack.indent(10).stripTrailing()), null);
    }

    private static GatewayConfig plain() throws Exception {
        return config("127.0.0.1:0", "", "", "");
    }

    @Test
    void paths_ofAnUnchangedConfig_areEmpty() throws Exception {
        GatewayConfig c = plain();
        assertEquals(List.of(), RestartRequired.paths(c, c, plain(), Set.of("acme")));
    }

    @Test
    void paths_nameListenerLimitsAdminTokenAndRedis_butNotTheEscalationOrSigningSecret() throws Exception {
        GatewayConfig old = plain();
        GatewayConfig next = config("127.0.0.1:9", """
                admin_token: "a-new-admin-token-0123456789"
                max_concurrent_requests: 7
                source_rate_limit: {requests_per_second: 5, burst: 10}
                tls: {cert_file: /etc/alertgate/tls.crt, key_file: /etc/alertgate/tls.key}
                """, """
                redis:
                  url: "redis://127.0.0.1:6399"
                """, """
                app_config: {signing_secret: "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"}
                escalation: {enabled: true, levels: [{level: 1, delay_minutes: 5, targets: ["webhook:a"]}]}
                """);
        assertEquals(List.of("server.listen", "server.admin_token", "server.max_concurrent_requests",
                "server.source_rate_limit", "server.tls", "redis"), RestartRequired.paths(old, old, next, Set.of("acme")));
    }

    @Test
    void paths_nameTheDeliveryPolicy_onlyOfTenantsWithDestinationsInUse() throws Exception {
        GatewayConfig old = plain();
        GatewayConfig next = config("127.0.0.1:0", "", "", """
                rate_limiting: {max_requests_per_second: 2}
                retry: {max_attempts: 3}
                """);
        assertEquals(List.of(SLACK + "rate_limiting", SLACK + "retry"), RestartRequired.paths(old, old, next, Set.of("acme")));
        assertEquals(List.of(), RestartRequired.paths(old, old, next, Set.of()), "new destinations get the new policy");
    }

    @Test
    void paths_compareTheListenerWithTheStartConfig_andThePolicyWithTheServingOne() throws Exception {
        GatewayConfig started = plain();
        GatewayConfig serving = config("127.0.0.1:9", "", "", "retry: {max_attempts: 3}");
        GatewayConfig again = config("127.0.0.1:9", "", "", "retry: {max_attempts: 3}");
        assertEquals(List.of("server.listen"), RestartRequired.paths(started, serving, again, Set.of("acme")));
    }
}
