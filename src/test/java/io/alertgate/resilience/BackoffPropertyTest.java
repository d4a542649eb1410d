package io.alertgate.resilience;

import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffPropertyTest {

    @Property(tries = 1000)
    void delay_liesWithinRetryAfterAndTheLargerOfRetryAfterAndCap(
            @ForAll @LongRange(min = 1, max = 10_000) long baseMillis,
            @ForAll @LongRange(min = 0, max = 600_000) long extraCapMillis,
            @ForAll @IntRange(min = -5, max = 200) int attempt,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double draw,
            @ForAll @LongRange(min = -1, max = 1_000_000) long retryAfterMillis) {
        Duration cap = Duration.ofMillis(baseMillis + extraCapMillis);
        Backoff backoff = new Backoff(
                new Backoff.Config(Duration.ofMillis(baseMillis), cap, 6, Duration.ofMinutes(10)), () -> draw);
        Optional<Duration> retryAfter = retryAfterMillis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryAfterMillis));

        Duration delay = backoff.delay(attempt, retryAfter);

        Duration floor = retryAfter.orElse(Duration.ZERO);
        Duration ceiling = floor.compareTo(cap) > 0 ? floor : cap;
        if (delay.isNegative() || delay.compareTo(floor) < 0 || delay.compareTo(ceiling) > 0) {
            throw new AssertionError(delay + " outside [" + floor + ", " + ceiling + "]");
        }
    }

    @Property(tries = 300)
    void window_neverShrinksAsAttemptsGrow(
            @ForAll @LongRange(min = 1, max = 10_000) long baseMillis,
            @ForAll @LongRange(min = 0, max = 600_000) long extraCapMillis,
            @ForAll @IntRange(min = 0, max = 100) int attempt) {
        Backoff backoff = new Backoff(new Backoff.Config(Duration.ofMillis(baseMillis),
                Duration.ofMillis(baseMillis + extraCapMillis), 6, Duration.ofMinutes(10)), () -> 1.0);
        if (backoff.window(attempt + 1) < backoff.window(attempt)) {
            throw new AssertionError("window shrank after attempt " + attempt);
        }
    }
}
