package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract through a real Redis Sentinel (one sentinel over one master), Jedis's {@code RedisSentinelClient}. */
class RedisSentinelStateStoreTest extends StateStoreContract {
    private static RedisTopology topology;
    private RedisStateStore store;

    @BeforeAll
    static void startSentinel() throws Exception {
        topology = RedisTopology.sentinel();
    }

    @AfterAll
    static void stopSentinel() throws Exception {
        if (topology != null) topology.close();
    }

    @BeforeEach
    void fresh() {
        topology.flushAll();
        store = new RedisStateStore(new RedisEndpoint.Sentinel(RedisTopology.MASTER_NAME, topology.nodes(),
                Optional.empty(), Optional.empty()), Duration.ofSeconds(2), 4, RedisObserver.NONE);
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
    void sentinel_leadsToTheMaster_whereTheKeysLand() {
        assertTrue(store.ping());
        store.remember("acme", "g1", "#ops", new MessageRef("C01", "1.2"));
        try (var master = redis.clients.jedis.RedisClient.create("127.0.0.1", topology.dataPorts().get(0))) {
            assertEquals(1, master.keys("alertgate:{acme}:msg:*").size());
        }
    }
}
