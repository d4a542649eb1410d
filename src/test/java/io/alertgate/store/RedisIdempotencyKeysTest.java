package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotency-key contract and the round-robin counters on a real redis-server, shared by two stores (two replicas). */
class RedisIdempotencyKeysTest extends IdempotencyKeysContract {
    private static RedisServer server;
    private RedisStateStore replicaA;
    private RedisStateStore replicaB;

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
        replicaA = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 8));
        replicaB = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 8));
    }

    @AfterEach
    void close() {
        replicaA.close();
        replicaB.close();
    }

    @Override
    IdempotencyKeys keys() {
        return new RedisIdempotencyKeys(replicaA);
    }

    @Test
    void claim_setsTheDocumentedKey_withTheTtlAsItsExpiry() {
        new RedisIdempotencyKeys(replicaA).claim("acme", "abc", TTL);
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            long pttl = c.pttl("alertgate:{acme}:dedup:abc");
            assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "PTTL " + pttl);
        }
    }

    @Test
    void claim_racedByTwoReplicas_isWonByExactlyOne() throws Exception {
        var a = new RedisIdempotencyKeys(replicaA);
        var b = new RedisIdempotencyKeys(replicaB);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 50; round++) {
                String key = "k" + round;
                List<Callable<Boolean>> both = List.of(() -> a.claim("acme", key, TTL), () -> b.claim("acme", key, TTL));
                long winners = 0;
                for (var f : pool.invokeAll(both)) if (f.get()) winners++;
                assertEquals(1, winners, "round " + round);
            }
        }
    }

    @Test
    void counters_ofTwoReplicas_turnTogether() {
        var a = new RedisCounters(replicaA);
        var b = new RedisCounters(replicaB);
        assertEquals(List.of(0L, 1L, 2L, 3L, 0L),
                List.of(a.next("acme", "r1"), b.next("acme", "r1"), a.next("acme", "r1"), b.next("acme", "r1"),
                        b.next("acme", "r2")));
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            assertEquals("4", c.get("alertgate:{acme}:rr:r1"));
        }
    }
}
