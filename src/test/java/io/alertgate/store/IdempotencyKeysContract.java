package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract every {@link IdempotencyKeys} passes; subclasses supply a fresh, empty one. */
abstract class IdempotencyKeysContract {
    static final Duration TTL = Duration.ofMinutes(5);

    abstract IdempotencyKeys keys();

    @Test
    void claim_firstTime_holds_secondTime_isRefused() {
        assertTrue(keys().claim("acme", "k1", TTL));
        assertFalse(keys().claim("acme", "k1", TTL));
    }

    @Test
    void claim_sameKey_otherTenant_isIndependent() {
        assertTrue(keys().claim("acme", "k1", TTL));
        assertTrue(keys().claim("globex", "k1", TTL));
        assertTrue(keys().claim("acme", "k2", TTL));
    }

    @Test
    void release_letsTheKeyBeClaimedAgain() {
        assertTrue(keys().claim("acme", "k1", TTL));
        keys().release("acme", "k1");
        assertTrue(keys().claim("acme", "k1", TTL));
        keys().release("acme", "never-claimed");
    }

    @Test
    void claim_sameKeyFromEightThreadsAtOnce_exactlyOneHoldsIt() throws Exception {
        IdempotencyKeys keys = keys();
        for (int round = 0; round < 20; round++) {
            String key = "race-" + round;
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Boolean>> claims = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) claims.add(pool.submit(() -> {
                    go.await();
                    return keys.claim("acme", key, TTL);
                }));
                go.countDown();
                int held = 0;
                for (var c : claims) if (c.get()) held++;
                org.junit.jupiter.api.Assertions.assertEquals(1, held, "round " + round);
            }
        }
    }
}
