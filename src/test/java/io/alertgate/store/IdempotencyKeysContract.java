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
}
