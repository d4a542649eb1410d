package io.alertgate.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import io.alertgate.config.ConfigException;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import io.alertgate.route.DestinationLoad.Breaker;
import io.alertgate.route.DestinationLoad.Load;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTimeAndLoadTest {
    private static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      webhooks:
                        a: https://hooks.example.com/a
                        b: https://hooks.example.com/b
                        c: https://hooks.example.com/c
                        night: https://hooks.example.com/night
                        fb: https://hooks.example.com/fb
                        dflt: https://hooks.example.com/dflt
                      channels:
                        default: webhook:dflt
                        %s
                      time_intervals:
                        - name: business_hours
                          time_intervals:
                            - weekdays: ["monday:friday"]
                              times: [{start_time: "09:00", end_time: "17:00"}]
                              location: Europe/Paris
                        - name: maintenance
                          time_intervals:
                            - days_of_month: ["-1"]
                              times: [{start_time: "22:00", end_time: "24:00"}]
                              location: Europe/Paris
                      routing_rules:
                        - id: maint
                          conditions: {team: db}
                          target_channels: [webhook:a]
                          mute_time_intervals: [maintenance]
                        - id: office
                          conditions: {team: web}
                          target_channels: [webhook:a]
                          active_time_intervals: [business_hours]
                          continue: true
                        - id: web_night
                          conditions: {team: web}
                          target_channels: [webhook:night]
                          mute_time_intervals: [business_hours]
                        - id: rr
                          conditions: {team: rr}
                          target_channels: [webhook:a, webhook:b, webhook:c]
                          strategy: round_robin
                        - id: ll
                          conditions: {team: ll}
                          target_channels: [webhook:a, webhook:b, webhook:c]
                          strategy: least_loaded
            """;

    /** Tuesday 30 June 2026, 10:00 in Paris (UTC+2). */
    private static final Instant TUESDAY_10H = Instant.parse("2026-06-30T08:00:00Z");
    /** Tuesday 30 June 2026, 23:00 in Paris: the month's last day, in the maintenance window. */
    private static final Instant TUESDAY_23H = Instant.parse("2026-06-30T21:00:00Z");

    private static TenantConfig tenant(String fallbackLine) throws Exception {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG.formatted(fallbackLine), null)
                .tenant("acme").orElseThrow();
    }

    private static AlertGroup group(String... labels) {
        Labels l = Labels.of(labels);
        Alert a = new Alert(Status.FIRING, l, Labels.EMPTY, Instant.EPOCH, Optional.empty(), "", "fp");
        return new AlertGroup("4", "{}:{}", 0, Status.FIRING, "r", Labels.EMPTY, l, Labels.EMPTY, "", List.of(a), "", Labels.EMPTY);
    }

    private static List<String> specs(List<RouteDecision> ds) {
        return ds.stream().map(d -> d.target().spec()).toList();
    }

    private final Map<String, Load> loads = new HashMap<>();
    private final MuteCounter muted = new MuteCounter();
    private final InMemoryRotation rotation = new InMemoryRotation();

    private Router router(TenantConfig t, Instant now) {
        DestinationLoad load = (tenant, target) -> loads.getOrDefault(target.spec(), new Load(0, Breaker.CLOSED));
        return new Router(t, new RoutingServices(Clock.fixed(now, ZoneOffset.UTC), rotation, load, muted));
    }

    @Test
    void muteInterval_active_sendsNothingAndCounts() throws Exception {
        Router r = router(tenant(""), TUESDAY_23H);
        assertEquals(List.of(), r.route(group("team", "db")));
        assertEquals(1, muted.count("acme", "maint"));
    }

    @Test
    void muteInterval_inactive_sendsAsUsual() throws Exception {
        assertEquals(List.of("webhook:a"), specs(router(tenant(""), TUESDAY_10H).route(group("team", "db"))));
        assertEquals(0, muted.count("acme", "maint"));
    }

    @Test
    void activeAndMuteIntervals_splitOfficeHoursFromNights() throws Exception {
        TenantConfig t = tenant("");
        assertEquals(List.of("webhook:a"), specs(router(t, TUESDAY_10H).route(group("team", "web"))));
        assertEquals(List.of("webhook:night"), specs(router(t, TUESDAY_23H).route(group("team", "web"))));
        assertEquals(1, muted.count("acme", "office"));
        assertEquals(1, muted.count("acme", "web_night"));
    }

    @Test
    void explain_namesMatchersAndIntervalStates() throws Exception {
        RouteExplanation e = router(tenant(""), TUESDAY_23H).explain(group("team", "db"), TUESDAY_23H);
        RouteExplanation.Step maint = e.rules().get(0);
        assertTrue(maint.matched());
        assertTrue(maint.lines().contains("matches team=\"db\" (team is \"db\")"), maint.lines().toString());
        assertTrue(maint.lines().contains("mute_time_intervals maintenance: active, so muted"), maint.lines().toString());
        assertEquals("every matching rule is muted at this time: nothing is sent", e.summary());
        assertEquals(0, muted.count("acme", "maint"), "a dry run does not count");
    }

    @Test
    void roundRobin_spreads1000NotificationsEvenly_acrossAReload() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Router before = router(tenant(""), TUESDAY_10H);
        for (int i = 0; i < 500; i++) counts.merge(specs(before.route(group("team", "rr"))).get(0), 1, Integer::sum);
        // A reload parses the config again and builds a new Router; the rotation is kept by the app.
        Router after = router(tenant(""), TUESDAY_10H);
        for (int i = 0; i < 500; i++) counts.merge(specs(after.route(group("team", "rr"))).get(0), 1, Integer::sum);
        assertEquals(1000, counts.values().stream().mapToInt(Integer::intValue).sum());
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(3, counts.size());
        assertTrue(max - min <= 1, counts.toString());
    }

    @Test
    void roundRobin_skipsAnOpenBreaker_andSplitsItsShareEvenly() throws Exception {
        loads.put("webhook:b", new Load(0, Breaker.OPEN));
        Router r = router(tenant(""), TUESDAY_10H);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30; i++) counts.merge(specs(r.route(group("team", "rr"))).get(0), 1, Integer::sum);
        assertEquals(Map.of("webhook:a", 15, "webhook:c", 15), counts);
    }

    @Test
    void leastLoaded_picksTheSmallestBacklog_andAvoidsAnOpenBreaker() throws Exception {
        loads.put("webhook:a", new Load(40, Breaker.CLOSED));
        loads.put("webhook:b", new Load(0, Breaker.OPEN));
        loads.put("webhook:c", new Load(7, Breaker.CLOSED));
        assertEquals(List.of("webhook:c"), specs(router(tenant(""), TUESDAY_10H).route(group("team", "ll"))));
    }

    @Test
    void leastLoaded_prefersClosedOverHalfOpen() throws Exception {
        loads.put("webhook:a", new Load(40, Breaker.CLOSED));
        loads.put("webhook:b", new Load(0, Breaker.HALF_OPEN));
        loads.put("webhook:c", new Load(0, Breaker.OPEN));
        assertEquals(List.of("webhook:a"), specs(router(tenant(""), TUESDAY_10H).route(group("team", "ll"))));
    }

    @Test
    void everyBreakerOpen_goesToTheTenantFallback_elseTheDefault() throws Exception {
        for (String t : List.of("webhook:a", "webhook:b", "webhook:c")) loads.put(t, new Load(0, Breaker.OPEN));
        assertEquals(List.of("webhook:fb"),
                specs(router(tenant("fallback: webhook:fb"), TUESDAY_10H).route(group("team", "ll"))));
        assertEquals(List.of("webhook:dflt"), specs(router(tenant(""), TUESDAY_10H).route(group("team", "rr"))));
    }

    @Test
    void unknownIntervalName_failsTheLoadWithItsPath() {
        String bad = CONFIG.formatted("").replace("mute_time_intervals: [maintenance]", "mute_time_intervals: [maintenence]");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(bad, null));
        assertTrue(e.describe().contains("routing_rules[0].mute_time_intervals[0]"), e.describe());
        assertTrue(e.describe().contains("maintenence"), e.describe());
    }

    @Test
    void badIntervalField_failsTheLoadWithItsPath() {
        String bad = CONFIG.formatted("").replace("\"monday:friday\"", "\"friday:monday\"");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(bad, null));
        assertTrue(e.describe().contains("time_intervals[0].time_intervals[0].weekdays[0]"), e.describe());
    }

    @Test
    void unknownStrategy_failsTheLoad() {
        String bad = CONFIG.formatted("").replace("strategy: least_loaded", "strategy: random");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(bad, null));
        assertTrue(e.describe().contains("strategy"), e.describe());
    }
}
