package io.alertgate.escalation;

import io.alertgate.config.TenantConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's escalation as steps: step {@code i} (1-based) fires level {@code i} while there are
 * levels, then the last level again {@code repeat} times. Each step is due its level's
 * {@code delay_minutes} after the previous step (the first, after the group's first notification).
 */
public record EscalationPolicy(boolean enabled, List<TenantConfig.Escalation.Level> levels, int repeat,
        List<String> severities, Duration ackExpiry) {

    /**
     * @param ackExpiry {@code ack_expiry_minutes}: how long an acknowledgement holds before an
     *     escalation whose group still fires re-arms at level 1; {@link Duration#ZERO} for ever
     */
    public EscalationPolicy {
        levels = List.copyOf(levels);
        severities = severities.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (ackExpiry == null || ackExpiry.isNegative()) throw new IllegalArgumentException("ackExpiry must be >= 0");
    }

    /** A policy whose acknowledgements never expire. */
    public EscalationPolicy(boolean enabled, List<TenantConfig.Escalation.Level> levels, int repeat,
            List<String> severities) {
        this(enabled, levels, repeat, severities, Duration.ZERO);
    }

    public static EscalationPolicy of(TenantConfig.Escalation e) {
        return new EscalationPolicy(e.enabled() && !e.levels().isEmpty(), e.levels(), e.repeat(), e.severities(),
                e.ackExpiry());
    }

    /** True when acknowledgements expire ({@code ack_expiry_minutes} > 0). */
    public boolean ackExpires() {
        return ackExpiry.isPositive();
    }

    /** Steps in all: levels plus repeats of the last. */
    public int steps() {
        return levels.isEmpty() ? 0 : levels.size() + repeat;
    }

    /** The level step {@code step} (1-based, at most {@link #steps()}) fires. */
    public TenantConfig.Escalation.Level level(int step) {
        if (step < 1 || step > steps()) throw new IllegalArgumentException("no step " + step + " of " + steps());
        return levels.get(Math.min(step, levels.size()) - 1);
    }

    /** How long after the previous step (or the start) step {@code step} is due. */
    public Duration delayBefore(int step) {
        return level(step).delay();
    }

    /** True when a group with this {@code severity} label value escalates. */
    public boolean escalates(String severity) {
        return enabled && severities.contains(severity.toLowerCase(Locale.ROOT));
    }
}
