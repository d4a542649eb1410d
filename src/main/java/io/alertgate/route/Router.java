package io.alertgate.route;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Matcher;
import io.alertgate.alert.Priority;
import io.alertgate.config.TenantConfig;
import io.alertgate.config.TenantConfig.RoutingRule;
import io.alertgate.config.TenantConfig.Strategy;
import io.alertgate.config.Target;
import io.alertgate.route.DestinationLoad.Breaker;
import io.alertgate.route.DestinationLoad.Load;
import io.alertgate.schedule.NamedTimeInterval;
import java.time.Clock;
import java.time.Instant;
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
 *
 * <p><b>Time.</b> As in Alertmanager, a matching rule whose {@code mute_time_intervals} has an
 * active entry, or whose {@code active_time_intervals} has none active, still counts as the match
 * (later rules are tried only with {@code continue}) but sends nothing: the notification is muted
 * and reported to the {@link MuteListener}, never re-routed to the default.
 *
 * <p><b>Strategies.</b> {@code round_robin} and {@code least_loaded} pick one target among those
 * whose breaker is not OPEN; when every target's breaker is open, the tenant's
 * {@code channels.fallback} (else its default) gets the notification.
 *
 * <p>Immutable apart from the services' shared state: one instance per config load, shared by all
 * request threads; the round-robin counters live in the {@link Rotation}, which outlives reloads.
 */
public final class Router {
    private final TenantConfig tenant;
    private final RoutingServices services;

    /** A router with its own rotation and idle destinations, on the UTC system clock (tools, tests). */
    public Router(TenantConfig tenant) {
        this(tenant, RoutingServices.standalone(Clock.systemUTC()));
    }

    public Router(TenantConfig tenant, RoutingServices services) {
        this.tenant = tenant;
        this.services = services;
    }

    /**
     * The deliveries for {@code group} now (the services' clock). Empty only when every matching
     * rule was muted by its time intervals; otherwise the tenant default is always there.
     */
    public List<RouteDecision> route(AlertGroup group) {
        return decide(group, services.clock().instant(), true).decisions();
    }

    /**
     * What {@link #route} would decide at {@code at}, with the reasons, without telling the mute
     * listener. Round-robin rules advance their rotation, as a real notification would.
     */
    public RouteExplanation explain(AlertGroup group, Instant at) {
        return decide(group, at, false);
    }

    private RouteExplanation decide(AlertGroup group, Instant at, boolean reportMutes) {
        Labels labels = group.routingLabels();
        String severity = labels.valueOrEmpty("severity");
        Priority priority = Priority.fromSeverity(severity);
        List<RouteDecision> out = new ArrayList<>();
        List<RouteExplanation.Step> steps = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean anyMatched = false;
        for (RoutingRule rule : tenant.rules()) {
            List<String> lines = new ArrayList<>();
            boolean matched = explainMatchers(rule, labels, lines);
            if (!matched) {
                steps.add(new RouteExplanation.Step(rule.id(), false, lines));
                continue;
            }
            anyMatched = true;
            Optional<String> mutedBy = mutedBy(rule, at, lines);
            if (mutedBy.isPresent()) {
                lines.add("muted: nothing is sent for this rule");
                if (reportMutes) services.muted().muted(tenant.id(), rule.id(), mutedBy.get());
            } else {
                for (Target t : choose(rule, lines)) {
                    if (seen.add(t.spec())) out.add(new RouteDecision(t, rule.template(), priority, "rule:" + rule.id()));
                }
            }
            steps.add(new RouteExplanation.Step(rule.id(), true, lines));
            if (!rule.continueMatching()) break;
            lines.add("continue: true, so later rules are tried too");
        }
        if (anyMatched) {
            return new RouteExplanation(steps, out, out.isEmpty()
                    ? "every matching rule is muted at this time: nothing is sent"
                    : "sent by the matching rules");
        }
        Target mapped = tenant.severityMapping().get(severity);
        if (mapped != null) {
            return new RouteExplanation(steps,
                    List.of(new RouteDecision(mapped, Optional.empty(), priority, "severity_mapping:" + severity)),
                    "no rule matched: severity_mapping for severity \"" + severity + "\"");
        }
        return new RouteExplanation(steps,
                List.of(new RouteDecision(tenant.defaultTarget(), Optional.empty(), priority, "default")),
                "no rule matched and no severity_mapping for severity \"" + severity + "\": the tenant default");
    }

    static boolean matches(RoutingRule rule, Labels labels) {
        for (var m : rule.matchers()) {
            if (!m.matches(labels)) return false;
        }
        return true;
    }

    /** Checks every matcher (not stopping at the first failure) so that the explanation lists them all. */
    private static boolean explainMatchers(RoutingRule rule, Labels labels, List<String> lines) {
        boolean all = true;
        for (Matcher m : rule.matchers()) {
            boolean ok = m.matches(labels);
            all &= ok;
            String value = labels.get(m.name()).map(v -> "\"" + v + "\"").orElse("absent");
            lines.add((ok ? "matches " : "does not match ") + m + " (" + m.name() + " is " + value + ")");
        }
        if (rule.matchers().isEmpty()) lines.add("has no matchers: matches everything");
        return all;
    }

    /** The interval that mutes {@code rule} at {@code at}, if any; explains each interval checked. */
    private Optional<String> mutedBy(RoutingRule rule, Instant at, List<String> lines) {
        Optional<String> muted = Optional.empty();
        for (String name : rule.muteTimeIntervals()) {
            boolean active = interval(name).contains(at);
            lines.add("mute_time_intervals " + name + ": " + (active ? "active, so muted" : "not active"));
            if (active && muted.isEmpty()) muted = Optional.of(name);
        }
        if (!rule.activeTimeIntervals().isEmpty()) {
            boolean anyActive = false;
            for (String name : rule.activeTimeIntervals()) {
                boolean active = interval(name).contains(at);
                anyActive |= active;
                lines.add("active_time_intervals " + name + ": " + (active ? "active" : "not active"));
            }
            if (!anyActive && muted.isEmpty()) muted = Optional.of("!" + String.join(",", rule.activeTimeIntervals()));
        }
        return muted;
    }

    private NamedTimeInterval interval(String name) {
        NamedTimeInterval i = tenant.timeIntervals().get(name);
        // The loader checks every reference, so a miss is a bug, not bad input.
        if (i == null) throw new IllegalStateException("rule refers to unknown time interval " + name);
        return i;
    }

    private List<Target> choose(RoutingRule rule, List<String> lines) {
        if (rule.strategy() == Strategy.ALL) {
            return rule.targets();
        }
        List<Target> targets = rule.targets();
        List<Load> loads = new ArrayList<>(targets.size());
        for (Target t : targets) {
            Load l = services.load().of(tenant.id(), t);
            loads.add(l);
            if (l.breaker() == Breaker.OPEN) lines.add("skips " + t.spec() + ": its circuit breaker is OPEN");
        }
        Optional<Target> picked = switch (rule.strategy()) {
            case ROUND_ROBIN -> roundRobin(rule, loads);
            case LEAST_LOADED -> leastLoaded(targets, loads);
            case ALL -> throw new IllegalStateException("handled above");
        };
        if (picked.isPresent()) {
            Target t = picked.get();
            Load l = loads.get(targets.indexOf(t));
            lines.add("strategy " + rule.strategy().yaml + " picks " + t.spec() + " (backlog " + l.backlog()
                    + ", breaker " + l.breaker() + ")");
            return List.of(t);
        }
        Target fallback = tenant.fallback().orElse(tenant.defaultTarget());
        lines.add("every target's circuit breaker is OPEN: " + (tenant.fallback().isPresent()
                ? "channels.fallback " : "the tenant default ") + fallback.spec() + " gets it");
        return List.of(fallback);
    }

    /**
     * The turn indexes the targets whose breaker is not open, so the spread stays even among the
     * healthy ones (an open target's share is split, not handed to its neighbour). The counter
     * advances once per notification: with N healthy targets each gets every N-th notification.
     */
    private Optional<Target> roundRobin(RoutingRule rule, List<Load> loads) {
        List<Target> healthy = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            if (loads.get(i).breaker() != Breaker.OPEN) healthy.add(rule.targets().get(i));
        }
        if (healthy.isEmpty()) return Optional.empty();
        long turn = services.rotation().next(tenant.id() + "/" + rule.id());
        return Optional.of(healthy.get((int) Math.floorMod(turn, (long) healthy.size())));
    }

    /** CLOSED before HALF_OPEN (a probing destination is not yet trusted), then smallest backlog, then file order. */
    private static Optional<Target> leastLoaded(List<Target> targets, List<Load> loads) {
        int best = -1;
        for (int i = 0; i < targets.size(); i++) {
            Load l = loads.get(i);
            if (l.breaker() == Breaker.OPEN) continue;
            if (best < 0 || better(l, loads.get(best))) best = i;
        }
        return best < 0 ? Optional.empty() : Optional.of(targets.get(best));
    }

    private static boolean better(Load a, Load b) {
        boolean aClosed = a.breaker() == Breaker.CLOSED;
        boolean bClosed = b.breaker() == Breaker.CLOSED;
        if (aClosed != bClosed) return aClosed;
        return a.backlog() < b.backlog();
    }
}
