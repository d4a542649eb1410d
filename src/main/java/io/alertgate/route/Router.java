package io.alertgate.route;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Priority;
import io.alertgate.config.TenantConfig;
import io.alertgate.config.TenantConfig.RoutingRule;
import io.alertgate.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses where one tenant's notification goes. Rules are tried in file order against the group's
 * labels ({@link AlertGroup#routingLabels()}); the first match wins unless it says
 * {@code continue: true}. When no rule matches, the {@code severity_mapping} entry for the group's
 * {@code severity} label applies, then the tenant default. A target reached twice is sent once.
 * Stateless and immutable: one instance per config load, shared by all request threads.
 */
public final class Router {
    private final TenantConfig tenant;

    public Router(TenantConfig tenant) {
        this.tenant = tenant;
    }

    /** The deliveries for {@code group}; never empty (the tenant default is always there). */
    public List<RouteDecision> route(AlertGroup group) {
        Labels labels = group.routingLabels();
        String severity = labels.valueOrEmpty("severity");
        Priority priority = Priority.fromSeverity(severity);
        List<RouteDecision> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RoutingRule rule : tenant.rules()) {
            if (!matches(rule, labels)) continue;
            for (Target t : rule.targets()) {
                if (seen.add(t.spec())) out.add(new RouteDecision(t, rule.template(), priority, "rule:" + rule.id()));
            }
            if (!rule.continueMatching()) break;
        }
        if (!out.isEmpty()) return out;
        Target mapped = tenant.severityMapping().get(severity);
        if (mapped != null) {
            return List.of(new RouteDecision(mapped, Optional.empty(), priority, "severity_mapping:" + severity));
        }
        return List.of(new RouteDecision(tenant.defaultTarget(), Optional.empty(), priority, "default"));
    }

    static boolean matches(RoutingRule rule, Labels labels) {
        for (var m : rule.matchers()) {
            if (!m.matches(labels)) return false;
        }
        return true;
    }
}
