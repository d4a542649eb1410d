package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real 3-master Redis Cluster through Jedis's {@code RedisClusterClient}: every
 * Lua script and command must keep to one slot (Redis answers CROSSSLOT otherwise), which the
 * {@code {tenant}} hash tag guarantees.
 */
class RedisClusterStateStoreTest extends StateStoreContract {
    private static RedisTopology topology;
    private RedisStateStore store;

    @BeforeAll
    static void startCluster() throws Exception {
        topology = RedisTopology.cluster();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (topology != null) topology.close();
    }

    @BeforeEach
    void fresh() {
        topology.flushAll();
        store = new RedisStateStore(new RedisEndpoint.Cluster(topology.nodes(), Optional.empty()), Duration.ofSeconds(2), 4,
                RedisObserver.NONE);
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
    void tenantsKeys_shareOneSlot_andTenantsSpreadOverTheMasters() {
        assertTrue(store.ping());
        for (String tenant : List.of("acme", "globex", "initech", "umbrella", "hooli", "wayne")) {
            store.createIfAbsent(active(tenant, "aaaa", "g1"), 5_000);
            store.remember(tenant, "g1", "#ops", new MessageRef("C01", "1.2"));
            new RedisIdempotencyKeys(store).claim(tenant, "k", Duration.ofMinutes(1));
            new RedisCounters(store).next(tenant, "rule-1");
            assertEquals(List.of(tenant + ".aaaa"), store.claimDue(tenant, 5_000, 1_000, 10));
        }
        int keys = 0;
        Set<Integer> mastersUsed = new HashSet<>();
        for (int port : topology.dataPorts()) {
            try (var node = redis.clients.jedis.RedisClient.create("127.0.0.1", port)) {
                Set<String> here = node.keys("*");
                keys += here.size();
                if (!here.isEmpty()) mastersUsed.add(port);
            }
        }
        assertEquals(6 * 7, keys, "every tenant's 7 keys (escalation 4, message, dedup, rr), each on one master");
        assertTrue(mastersUsed.size() > 1, "six tenants spread over more than one master: " + mastersUsed);
    }
}
