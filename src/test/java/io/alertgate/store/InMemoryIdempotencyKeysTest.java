package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {
    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-30T02:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final InMemoryIdempotencyKeys keys = new InMemoryIdempotencyKeys(clock);

    @Override
    IdempotencyKeys keys() {
        return keys;
    }

    private void advance(Duration d) {
        clock.now = clock.now.plus(d);
    }

    @Test
    void claim_afterTheTtl_holdsAgain_justBefore_isRefused() {
        assertTrue(keys.claim("acme", "k1", TTL));
        advance(TTL.minusMillis(1));
        assertFalse(keys.claim("acme", "k1", TTL));
        advance(Duration.ofMillis(1));
        assertTrue(keys.claim("acme", "k1", TTL));
    }

    @Test
    void expiredKeys_areSwept_soTheMapHoldsAboutOneTtl() {
        for (int i = 0; i < 100; i++) keys.claim("acme", "k" + i, Duration.ofSeconds(1));
        advance(InMemoryIdempotencyKeys.SWEEP_INTERVAL);
        keys.claim("acme", "fresh", TTL);
        assertEquals(1, keys.size());
    }
}
