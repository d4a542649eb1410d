package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Status;
import io.alertgate.config.ConfigException;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import io.alertgate.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Per-level {@code schedule}: business hours in Alertmanager's time_intervals notation choose a
 * level's {@code targets} or its {@code off_hours_targets}, by the step's fire time on the injected clock.
 */
class EscalationScheduleTest {
    /** Business hours Monday–Friday 09:00–18:00 in Paris; 2026-12-08 (a Tuesday) is a holiday. */
    static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      app_config: {bot_token: xoxb-test-token}
                      channels: {default: console}
                      time_intervals:
                        - name: office
                          time_intervals:
                            - weekdays: ['monday:friday']
                              times: [{start_time: '09:00', end_time: '18:00'}]
                              location: Europe/Paris
                        - name: holidays
                          time_intervals:
                            - {years: ['2026'], months: ['december'], days_of_month: ['8'], location: Europe/Paris}
                      escalation:
                        enabled: true
                        levels:
                          - {level: 1, delay_minutes: 5, targets: [console]%s}
                          - level: 2
                            delay_minutes: 60
                            targets: ["#day-oncall"]
                            off_hours_targets: ["#night-oncall"]
                            schedule: {business_hours: [office], holidays: [holidays]}
            """;

    final MutableClock clock = new MutableClock(Instant.EPOCH);
    final List<String> posted = new CopyOnWriteArrayList<>();

    static TenantConfig tenant(String level1Extra) throws ConfigException, java.io.IOException {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG.formatted(level1Extra), null).tenant("acme").orElseThrow();
    }

    Escalations escalations() throws Exception {
        TenantConfig t = tenant(", off_hours_targets: ['#night-oncall'], schedule: {business_hours: [office], holidays: [holidays]}");
        AtomicInteger n = new AtomicInteger();
        return new Escalations(new InMemoryStateStore(), Map.of("acme", EscalationPolicy.of(t.escalation())),
                (e, step, level) -> {
                    posted.add("level " + level.level() + " -> " + level.targets().stream().map(x -> x.spec()).toList());
                    return true;
                }, clock, () -> String.format("%016x", n.incrementAndGet()));
    }

    /** Starts an escalation so that its first step is due at {@code firstStep} (Paris time) and fires it. */
    private void fireFirstStepAt(Escalations esc, String key, String firstStep) {
        clock.advance(Duration.between(clock.instant(), ZonedDateTime.parse(firstStep).toInstant().minus(Duration.ofMinutes(5))));
        esc.onNotification("acme", EscalationsTest.group(key, Status.FIRING, "critical")).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, esc.poll());
    }

    @Test
    void step_at0300OnASaturday_goesToOffHoursTargets() throws Exception {
        Escalations esc = escalations();
        fireFirstStepAt(esc, "g1", "2026-12-05T03:00:00+01:00[Europe/Paris]");
        assertEquals(List.of("level 1 -> [#night-oncall]"), posted);
    }

    @Test
    void step_at1000OnATuesday_goesToTargets() throws Exception {
        Escalations esc = escalations();
        fireFirstStepAt(esc, "g1", "2026-12-01T10:00:00+01:00[Europe/Paris]");
        assertEquals(List.of("level 1 -> [console]"), posted);
    }

    @Test
    void step_at1000OnAHolidayTuesday_goesToOffHoursTargets() throws Exception {
        Escalations esc = escalations();
        fireFirstStepAt(esc, "g1", "2026-12-08T10:00:00+01:00[Europe/Paris]");
        assertEquals(List.of("level 1 -> [#night-oncall]"), posted);
    }

    @Test
    void walkingLevels_acrossTheEndOfBusinessHours_switchesToOffHoursTargetsAtTheLaterStep() throws Exception {
        Escalations esc = escalations();
        fireFirstStepAt(esc, "g1", "2026-12-04T17:30:00+01:00[Europe/Paris]"); // Friday, inside
        clock.advance(Duration.ofMinutes(59));
        assertEquals(0, esc.poll(), "level 2 is not due before its 60 minutes");
        clock.advance(Duration.ofMinutes(1)); // 18:30, after business hours
        assertEquals(1, esc.poll());
        assertEquals(List.of("level 1 -> [console]", "level 2 -> [#night-oncall]"), posted);
    }

    @Test
    void level_withoutSchedule_usesTargetsAtAnyHour() throws Exception {
        TenantConfig.Escalation.Level plain = tenant("").escalation().levels().get(0);
        Instant saturdayNight = ZonedDateTime.parse("2026-12-05T03:00:00+01:00[Europe/Paris]").toInstant();
        assertEquals(plain, Escalations.scheduled(plain, saturdayNight.toEpochMilli()));
        assertEquals(List.of("console"), plain.targetsAt(saturdayNight).stream().map(x -> x.spec()).toList());
    }

    @Test
    void schedule_namingAnUnknownInterval_failsTheLoadWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> tenant(", off_hours_targets: [console], schedule: {business_hours: [nope]}"));
        assertTrue(e.path().endsWith("escalation.levels[0].schedule.business_hours[0]"), e.path());
        assertTrue(e.getMessage().contains("no time interval named 'nope'"), e.getMessage());
    }

    @Test
    void offHoursTargets_withoutSchedule_failsTheLoad() {
        ConfigException e = assertThrows(ConfigException.class, () -> tenant(", off_hours_targets: [console]"));
        assertTrue(e.getMessage().contains("off_hours_targets needs a schedule"), e.getMessage());
    }

    @Test
    void schedule_withoutOffHoursTargets_failsTheLoad() {
        ConfigException e = assertThrows(ConfigException.class, () -> tenant(", schedule: {business_hours: [office]}"));
        assertTrue(e.getMessage().contains("needs off_hours_targets"), e.getMessage());
        assertTrue(e.path().endsWith("escalation.levels[0]"), e.path());
    }
}
