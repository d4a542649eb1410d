package io.alertgate.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeNanoClock clock = new FakeNanoClock();

    private TokenBucket bucket(double rate, int burst) {
        return new TokenBucket(new TokenBucket.Config(rate, burst), clock);
    }

    @Test
    void tryAcquire_onNewBucket_grantsExactlyBurst() {
        TokenBucket bucket = bucket(1.0, 3);
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void tryAcquire_afterBurst_waitsOneInterval() {
        TokenBucket bucket = bucket(1.0, 2);
        bucket.tryAcquire();
        bucket.tryAcquire();

        clock.advance(Duration.ofMillis(999));
        assertFalse(bucket.tryAcquire());

        clock.advance(Duration.ofMillis(1));
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void nanosUntilNextToken_whenTokenAvailable_isZero() {
        assertEquals(0L, bucket(1.0, 1).nanosUntilNextToken());
    }

    @Test
    void nanosUntilNextToken_whenEmpty_isTimeToTheNextRefill() {
        TokenBucket bucket = bucket(4.0, 1); // one token per 250 ms
        bucket.tryAcquire();
        clock.advance(Duration.ofMillis(100));

        assertEquals(Duration.ofMillis(150).toNanos(), bucket.nanosUntilNextToken());

        clock.advanceNanos(bucket.nanosUntilNextToken());
        assertTrue(bucket.tryAcquire());
    }

    @Test
    void tryAcquire_afterLongIdle_refillsToBurstAndNoMore() {
        TokenBucket bucket = bucket(10.0, 5);
        for (int i = 0; i < 5; i++) {
            bucket.tryAcquire();
        }
        clock.advance(Duration.ofHours(1));

        assertEquals(5, bucket.availableTokens());
        int granted = 0;
        while (bucket.tryAcquire()) {
            granted++;
        }
        assertEquals(5, granted);
    }

    @Test
    void availableTokens_countsOnlyWholeTokens() {
        TokenBucket bucket = bucket(1.0, 3);
        bucket.tryAcquire();
        bucket.tryAcquire();
        clock.advance(Duration.ofMillis(1500));

        assertEquals(2, bucket.availableTokens());
    }

    @Test
    void tryAcquire_withFractionalRate_neverGrantsEarly() {
        TokenBucket bucket = bucket(1.0 / 3.0, 1); // one token per 3 s, interval rounded up
        assertTrue(bucket.tryAcquire());
        clock.advance(Duration.ofMillis(2999));
        assertFalse(bucket.tryAcquire());
        clock.advance(Duration.ofMillis(1));
        assertTrue(bucket.tryAcquire());
    }

    @Test
    void defaults_areSlacksOneMessagePerSecond() {
        TokenBucket.Config config = TokenBucket.Config.defaults();
        assertEquals(1.0, config.ratePerSecond());
        assertEquals(TokenBucket.DEFAULT_BURST, config.burst());
    }

    @Test
    void config_withNonPositiveRateOrBurst_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket.Config(0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket.Config(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket.Config(1.0, 0));
    }

    @Test
    void tryAcquire_nearClockWrapAround_keepsTheRate() {
        FakeNanoClock wrapping = new FakeNanoClock(Long.MAX_VALUE - 500_000_000L);
        TokenBucket bucket = new TokenBucket(new TokenBucket.Config(1.0, 1), wrapping);
        assertTrue(bucket.tryAcquire());
        wrapping.advance(Duration.ofMillis(999)); // the reading wraps past Long.MAX_VALUE
        assertFalse(bucket.tryAcquire());
        wrapping.advance(Duration.ofMillis(1));
        assertTrue(bucket.tryAcquire());
    }
}
