package io.alertgate.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff.Config CONFIG = Backoff.Config.defaults(); // 1 s base, 60 s cap

    private static Backoff drawing(double unit) {
        return new Backoff(CONFIG, () -> unit);
    }

    @Test
    void delay_withTopDraw_followsTheDoublingWindowUpToTheCap() {
        Backoff backoff = drawing(1.0);
        assertEquals(Duration.ofSeconds(1), backoff.delay(0, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), backoff.delay(1, Optional.empty()));
        assertEquals(Duration.ofSeconds(32), backoff.delay(5, Optional.empty()));
        assertEquals(Duration.ofSeconds(60), backoff.delay(6, Optional.empty()));
        assertEquals(Duration.ofSeconds(60), backoff.delay(1_000, Optional.empty()));
    }

    @Test
    void delay_isFullJitter_scaledByTheDraw() {
        assertEquals(Duration.ofSeconds(4), drawing(0.5).delay(3, Optional.empty()));
        assertEquals(Duration.ZERO, drawing(0.0).delay(3, Optional.empty()));
    }

    @Test
    void delay_neverSoonerThanRetryAfter() {
        assertEquals(Duration.ofSeconds(30), drawing(0.1).delay(0, Optional.of(Duration.ofSeconds(30))));
    }

    @Test
    void delay_retryAfterBeyondTheCap_isHonoured() {
        assertEquals(Duration.ofMinutes(5), drawing(1.0).delay(10, Optional.of(Duration.ofMinutes(5))));
    }

    @Test
    void delay_jitterAboveRetryAfter_keepsTheJitter() {
        assertEquals(Duration.ofSeconds(16), drawing(0.5).delay(5, Optional.of(Duration.ofSeconds(1))));
    }

    @Test
    void delay_withNegativeAttemptOrRetryAfter_isNeverNegative() {
        Duration d = drawing(0.0).delay(-3, Optional.of(Duration.ofSeconds(-5)));
        assertEquals(Duration.ZERO, d);
    }

    @Test
    void canRetry_stopsAtMaxAttemptsOrMaxAge() {
        Backoff backoff = drawing(0.5);
        assertTrue(backoff.canRetry(1, Duration.ZERO));
        assertTrue(backoff.canRetry(5, Duration.ofMinutes(9)));
        assertFalse(backoff.canRetry(6, Duration.ZERO));
        assertFalse(backoff.canRetry(1, Duration.ofMinutes(10)));
    }

    @Test
    void defaults_areNamedConstants() {
        assertEquals(new Backoff.Config(Duration.ofSeconds(1), Duration.ofSeconds(60), 6, Duration.ofMinutes(10)),
                CONFIG);
    }

    @Test
    void config_withCapBelowBase_isRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff.Config(Duration.ofSeconds(10), Duration.ofSeconds(1), 3, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff.Config(Duration.ZERO, Duration.ofSeconds(1), 3, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff.Config(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMinutes(1)));
    }

    @Test
    void withThreadLocalRandom_staysInsideTheWindow() {
        Backoff backoff = Backoff.withThreadLocalRandom(CONFIG);
        for (int i = 0; i < 1_000; i++) {
            Duration d = backoff.delay(2, Optional.empty());
            assertTrue(!d.isNegative() && d.compareTo(Duration.ofSeconds(4)) <= 0, d::toString);
        }
    }
}
