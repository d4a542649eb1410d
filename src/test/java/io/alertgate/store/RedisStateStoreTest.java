package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract against a real redis-server, plus what only Redis has: keys, restarts, URLs. */
class RedisStateStoreTest extends StateStoreContract {
    private static RedisServer server;
    private RedisStateStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            c.flushAll();
        }
        store = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 4));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    StateStore store() {
        return store;
    }

    @Test
    void keys_carryThePrefixAndTheTenantHashTag() {
        store.createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        store.remember("acme", "g1", "#ops", new MessageRef("C01", "1.2"));
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            Set<String> keys = c.keys("*");
            assertEquals(5, keys.size(), keys.toString());
            for (String k : keys) assertTrue(k.startsWith("alertgate:{acme}:"), k);
        }
    }

    @Test
    void restart_keepsEscalationsAndDueSteps() throws Exception {
        EscalationRecord a = store.createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        server.restart(store);
        assertEquals(Optional.of(a), store.byGroup("acme", "g1"));
        assertEquals(List.of(a.id()), store.claimDue("acme", 5_000, 1_000, 10));
    }

    @Test
    void observer_isToldEachCallsOperationAndWhetherItFailed() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        RedisObserver observer = (operation, nanos, failed) -> seen.add(operation + (failed ? " failed" : " ok")
                + (nanos > 0 ? "" : " without a duration"));
        try (var live = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 2), observer);
                var dead = new RedisStateStore(new RedisStateStore.Settings("redis://127.0.0.1:1", Duration.ofMillis(200), 2),
                        observer)) {
            live.createIfAbsent(active("acme", "obs1", "g-obs"), 5_000);
            assertTrue(live.ping());
            assertFalse(dead.ping());
            assertThrows(StoreException.class, () -> dead.get("acme", "x"));
        }
        assertEquals(List.of("create ok", "ping ok", "ping failed", "get failed"), seen);
    }

    @Test
    void unreachable_throwsStoreException_andPingIsFalse() {
        try (var dead = new RedisStateStore(new RedisStateStore.Settings("redis://127.0.0.1:1", Duration.ofMillis(200), 2))) {
            assertFalse(dead.ping());
            assertThrows(StoreException.class, () -> dead.get("acme", "x"));
        }
    }

    @Test
    void url_withPasswordAndDatabase_isAcceptedAndNeverShown() {
        var settings = new RedisStateStore.Settings("rediss://user:s3cret@example.invalid:6380/2", Duration.ofMillis(100), 1);
        assertFalse(settings.toString().contains("s3cret"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RedisStateStore(new RedisStateStore.Settings("http://user:s3cret@h", Duration.ofMillis(100), 1)));
        assertFalse(e.getMessage().contains("s3cret"));
        new RedisStateStore(settings).close();
    }
}
