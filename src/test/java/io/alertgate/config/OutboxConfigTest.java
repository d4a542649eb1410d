package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The durable outbox's keys in the {@code redis} section. */
class OutboxConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of(), SecretDecoder.NONE);

    private RedisConfig redis(String extra) throws Exception {
        return loader.parse("""
                server: {listen: "127.0.0.1:0"}
                redis: {url: "redis://127.0.0.1:6379"%s}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                """.formatted(extra), null).redis().orElseThrow();
    }

    @Test
    void outboxKeys_absent_defaultToTheHostNameAndSixtySeconds() throws Exception {
        RedisConfig r = redis("");
        assertEquals("", r.consumerName());
        assertEquals(Duration.ofSeconds(60), r.outboxClaimIdle());
    }

    @Test
    void outboxKeys_areRead() throws Exception {
        RedisConfig r = redis(", consumer_name: alertgate-1, outbox_claim_idle_seconds: 30");
        assertEquals("alertgate-1", r.consumerName());
        assertEquals(Duration.ofSeconds(30), r.outboxClaimIdle());
    }

    @Test
    void claimIdle_belowFiveSeconds_failsAtItsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> redis(", outbox_claim_idle_seconds: 1"));
        assertEquals("redis.outbox_claim_idle_seconds", e.path(), e.describe());
    }
}
