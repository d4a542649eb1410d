package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.secrets.Secret;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RotatingTokenSource} with a {@link GrantStore}: replicas' lock, waiting, origins; FakeSlack's oauth.v2.access over HTTP. */
class RotatingTokenStoreTest {
    private static final String CLIENT_ID = "1234.5678";
    private static final String CLIENT_SECRET = "client-secret-store-test";
    private static final String REFRESH = "xoxe-1-configured-refresh";

    private final TokenRotationTest.ManualClock clock = new TokenRotationTest.ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeSlack slack;

    /** A store in memory whose lock another replica may hold. */
    private static final class Store implements GrantStore {
        final AtomicReference<StoredGrant> grant = new AtomicReference<>();
        volatile boolean heldByAnother;
        int locks;

        @Override
        public Optional<StoredGrant> read() {
            return Optional.ofNullable(grant.get());
        }

        @Override
        public void write(StoredGrant g) {
            grant.set(g);
        }

        @Override
        public boolean tryLock() {
            if (heldByAnother) return false;
            locks++;
            return true;
        }

        @Override
        public void unlock() {}
    }

    @BeforeEach
    void start() throws Exception {
        slack = FakeSlack.start();
        slack.enableTokenRotation(CLIENT_ID, CLIENT_SECRET, REFRESH, 43_200);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private RotatingTokenSource source(GrantStore store, Sleeper sleeper) {
        return new RotatingTokenSource("acme", Secret.of("xoxe.xoxb-configured"),
                new RotatingTokenSource.Credentials(Secret.of(REFRESH), Secret.of(CLIENT_ID), Secret.of(CLIENT_SECRET)),
                http, slack.apiBase(), Duration.ofSeconds(5), clock, store, sleeper);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }

    @Test
    void current_whileAnotherReplicaRefreshes_waitsAndUsesTheGrantItWrote() throws Exception {
        Store store = new Store();
        store.heldByAnother = true;
        List<Duration> waits = new ArrayList<>();
        String origin = sha256(REFRESH);
        Sleeper sleeper = d -> {
            waits.add(d);
            if (waits.size() == 3) { // the other replica finishes its refresh meanwhile
                store.write(new GrantStore.StoredGrant(Secret.of("xoxe.xoxb-from-replica-b"), Secret.of("xoxe-1-from-b"),
                        clock.instant().plus(Duration.ofHours(9)), origin));
            }
        };
        assertEquals("xoxe.xoxb-from-replica-b", source(store, sleeper).current().reveal());
        assertEquals(List.of(RotatingTokenSource.LOCK_POLL, RotatingTokenSource.LOCK_POLL, RotatingTokenSource.LOCK_POLL), waits);
        assertEquals(List.of(), slack.issuedTokens(), "no refresh of its own");
    }

    @Test
    void current_whenTheLockHolderNeverWrites_refreshesItselfAfterTheWait() throws Exception {
        Store store = new Store();
        store.heldByAnother = true;
        List<Duration> waits = new ArrayList<>();
        String token = source(store, waits::add).current().reveal();
        assertEquals("xoxe.xoxb-fake-1", token);
        // Waits out the holder's lease: the 5 s request timeout + the margin, in polls.
        assertEquals(Duration.ofSeconds(5).plus(RotatingTokenSource.LOCK_MARGIN).toMillis() / RotatingTokenSource.LOCK_POLL.toMillis(),
                waits.size());
        assertEquals("xoxe-1-fake-refresh-1", store.grant.get().refreshToken().reveal());
    }

    @Test
    void storedGrantOfAnotherConfiguredRefreshToken_isIgnored_andOverwritten() throws Exception {
        Store store = new Store();
        store.write(new GrantStore.StoredGrant(Secret.of("xoxe.xoxb-old-install"), Secret.of("xoxe-1-old-install"),
                clock.instant().plus(Duration.ofHours(9)), sha256("xoxe-1-a-previous-configuration")));
        assertEquals("xoxe.xoxb-fake-1", source(store, d -> {}).current().reveal());
        assertEquals(sha256(REFRESH), store.grant.get().origin());
        assertEquals(1, store.locks);
    }

    @Test
    void expiredStoredGrant_isRefreshedWithItsRefreshToken() throws Exception {
        Store store = new Store();
        RotatingTokenSource first = source(store, d -> {});
        assertEquals("xoxe.xoxb-fake-1", first.current().reveal());
        clock.advance(Duration.ofHours(11));
        // A new process (restart) with the same configuration: the configured refresh token is spent.
        assertEquals("xoxe.xoxb-fake-2", source(store, d -> {}).current().reveal());
        assertTrue(store.grant.get().refreshAt().isAfter(Instant.parse("2026-01-01T11:00:00Z")));
    }
}
