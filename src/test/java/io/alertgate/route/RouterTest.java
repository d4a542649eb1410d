package io.alertgate.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Priority;
import io.alertgate.alert.Status;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      webhooks:
                        db: https://hooks.example.com/db
                        ml: https://hooks.example.com/ml
                        crit: https://hooks.example.com/crit
                        all: https://hooks.example.com/all
                        audit: https://hooks.example.com/audit
                        fallback: https://hooks.example.com/fallback
                      channels:
                        severity_mapping:
                          critical: webhook:crit
                        default: webhook:fallback
                      routing_rules:
                        - id: audit
                          matchers: ['team=~"pay.*"']
                          target_channels: [webhook:audit]
                          continue: true
                        - id: ml
                          conditions: {service: ml-pipeline, severity: [critical, high]}
                          target_channels: [webhook:ml, webhook:audit]
                        - id: db
                          conditions: {component: database}
                          target_channels: [webhook:db]
                        - id: never
                          conditions: {component: database}
                          target_channels: [webhook:all]
            """;

    private final TenantConfig tenant;

    RouterTest() throws Exception {
        tenant = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG, null).tenant("acme").orElseThrow();
    }

    private static AlertGroup group(String... labels) {
        Labels l = Labels.of(labels);
        Alert a = new Alert(Status.FIRING, l, Labels.EMPTY, Instant.EPOCH, Optional.empty(), "", "fp");
        return new AlertGroup("4", "{}:{}", 0, Status.FIRING, "r", Labels.EMPTY, l, Labels.EMPTY, "", List.of(a), "", Labels.EMPTY);
    }

    private List<String> targets(AlertGroup g) {
        return new Router(tenant).route(g).stream().map(d -> d.target().spec()).toList();
    }

    @Test
    void route_firstMatchingRule_winsOverLaterOnes() {
        assertEquals(List.of("webhook:db"), targets(group("component", "database")));
    }

    @Test
    void route_continueRule_addsLaterMatchesWithoutDuplicates() {
        assertEquals(List.of("webhook:audit", "webhook:ml"),
                targets(group("team", "payments", "service", "ml-pipeline", "severity", "high")));
    }

    @Test
    void route_noRuleMatches_usesSeverityMapping() {
        var decisions = new Router(tenant).route(group("severity", "critical"));
        assertEquals("webhook:crit", decisions.get(0).target().spec());
        assertEquals("severity_mapping:critical", decisions.get(0).reason());
        assertEquals(Priority.CRITICAL, decisions.get(0).priority());
    }

    @Test
    void route_nothingApplies_usesTenantDefault() {
        var decisions = new Router(tenant).route(group("severity", "info"));
        assertEquals(List.of("webhook:fallback"), decisions.stream().map(d -> d.target().spec()).toList());
        assertEquals("default", decisions.get(0).reason());
    }

    @Test
    void route_listConditionNotMet_fallsThrough() {
        assertEquals(List.of("webhook:fallback"), targets(group("service", "ml-pipeline", "severity", "low")));
    }
}
