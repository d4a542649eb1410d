package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.route.Rotation;
import io.alertgate.store.InMemoryStateStore;
import io.alertgate.store.RedisServer;
import io.alertgate.store.StateStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round-robin turns: shared through a real redis-server by two replicas' rotations; in memory without Redis. */
class RedisWiringTest {
    private static final String TENANTS = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      channels: {default: console}
            """;

    private static GatewayConfig config(String redisUrl) throws Exception {
        String redis = redisUrl == null ? "" : "redis: {url: \"" + redisUrl + "\", timeout_ms: 500}\n";
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(redis + TENANTS, null);
    }

    @Test
    void rotation_ofTwoReplicasOnOneRedis_turnsTogether() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            GatewayConfig config = config(server.url());
            try (StateStore a = EscalationWiring.store(config); StateStore b = EscalationWiring.store(config)) {
                Rotation ra = RedisWiring.rotation(config, a);
                Rotation rb = RedisWiring.rotation(config, b);
                assertEquals(List.of(0L, 1L, 2L, 3L, 0L),
                        List.of(ra.next("acme/spread"), rb.next("acme/spread"), ra.next("acme/spread"),
                                rb.next("acme/spread"), rb.next("acme/other")));
                try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
                    assertEquals("4", c.get("alertgate:{acme}:rr:spread"));
                }
            }
        }
    }

    @Test
    void rotation_withRedisUnreachable_turnsFromMemory() throws Exception {
        GatewayConfig config = config("redis://127.0.0.1:1");
        try (StateStore dead = EscalationWiring.store(config)) {
            Rotation r = RedisWiring.rotation(config, dead);
            assertEquals(List.of(0L, 1L, 2L), List.of(r.next("acme/spread"), r.next("acme/spread"), r.next("acme/spread")));
        }
    }

    @Test
    void rotation_withoutRedis_isInMemory_perInstance() throws Exception {
        GatewayConfig config = config(null);
        Rotation a = RedisWiring.rotation(config, new InMemoryStateStore());
        Rotation b = RedisWiring.rotation(config, new InMemoryStateStore());
        assertEquals(List.of(0L, 0L, 1L), List.of(a.next("acme/spread"), b.next("acme/spread"), a.next("acme/spread")));
    }
}
