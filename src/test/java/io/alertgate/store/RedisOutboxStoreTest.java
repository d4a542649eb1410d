package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox contract against a real redis-server with {@code appendonly yes}, plus keys and crashes. */
class RedisOutboxStoreTest extends OutboxStoreContract {
    private static RedisServer server;
    private final List<RedisStateStore> clients = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.startAppendOnly();
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
    }

    @AfterEach
    void close() {
        clients.forEach(RedisStateStore::close);
    }

    @Override
    OutboxStore consumer(String name) {
        RedisStateStore c = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 4));
        clients.add(c);
        return new RedisOutboxStore(c, name);
    }

    @Override
    void passes(Duration d) throws InterruptedException {
        // Redis measures idle time on its own clock: wait it out, with a margin for its millisecond rounding.
        Thread.sleep(d.toMillis() + 50);
    }

    @Test
    void entries_liveInOneStreamPerTenantUnderTheTenantHashTag() {
        String id = consumer("a").append("acme", Map.of("n", "1"));
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            assertEquals("stream", c.type("alertgate:{acme}:outbox"));
            assertEquals(1L, c.xlen("alertgate:{acme}:outbox"));
            assertTrue(id.matches("\\d+-\\d+"), id);
        }
    }

    @Test
    void remove_deletesTheEntryFromTheStream() {
        OutboxStore a = consumer("a");
        String id = a.append("acme", Map.of("n", "1"));
        a.remove("acme", id);
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            assertEquals(0L, c.xlen("alertgate:{acme}:outbox"));
        }
    }

    @Test
    void entries_surviveARedisCrashWithAppendOnly() throws Exception {
        OutboxStore a = consumer("a");
        String kept = a.append("acme", Map.of("n", "1"));
        String removed = a.append("acme", Map.of("n", "2"));
        a.remove("acme", removed);
        server.crashAndRestart();
        OutboxStore again = consumer("a");
        List<OutboxStore.Entry> owned = awaitOwned(again);
        assertEquals(List.of(new OutboxStore.Entry("acme", kept, Map.of("n", "1"))), owned);
        String next = again.append("acme", Map.of("n", "3"));
        assertEquals(2, again.owned("acme", 10).size(), "the consumer group survived too: " + next);
    }

    /** Reads until the restarted server has loaded its append-only file (it answers LOADING before). */
    private static List<OutboxStore.Entry> awaitOwned(OutboxStore s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return s.owned("acme", 10);
            } catch (StoreException loading) {
                if (System.nanoTime() > deadline) throw loading;
                Thread.sleep(50);
            }
        }
    }

    @Test
    void append_whileRedisIsDown_throwsStoreException() throws Exception {
        OutboxStore a = consumer("a");
        server.stop();
        try {
            org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> a.append("acme", Map.of("n", "1")));
        } finally {
            server.startAgain();
        }
    }
}
