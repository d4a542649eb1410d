package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code redis.sentinel}, {@code redis.cluster} and the top-level {@code dedup} section. */
class RedisTopologyConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("REDIS_PASSWORD", "pa55word"), SecretDecoder.NONE);

    private GatewayConfig parse(String top) throws Exception {
        return loader.parse("""
                server: {listen: "127.0.0.1:0"}
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                """.formatted(top), null);
    }

    @Test
    void sentinel_isRead_withItsPasswordsAsSecrets() throws Exception {
        RedisConfig r = parse("""
                redis:
                  sentinel:
                    master: mymaster
                    nodes: ["10.0.0.1:26379", "10.0.0.2:26379"]
                    password: "${REDIS_PASSWORD}"
                    sentinel_password: "${REDIS_PASSWORD}"
                  timeout_ms: 500
                """).redis().orElseThrow();
        RedisConfig.Sentinel s = r.sentinel().orElseThrow();
        assertEquals("mymaster", s.master());
        assertEquals(List.of("10.0.0.1:26379", "10.0.0.2:26379"), s.nodes());
        assertEquals("pa55word", s.password().orElseThrow().reveal());
        assertEquals(Duration.ofMillis(500), r.timeout());
        assertEquals(Optional.empty(), r.url());
        assertFalse(r.toString().contains("pa55word"), r.toString());
    }

    @Test
    void cluster_isRead() throws Exception {
        RedisConfig r = parse("redis: {cluster: {nodes: [\"redis-0:6379\", \"redis-1:6379\"]}}").redis().orElseThrow();
        assertEquals(List.of("redis-0:6379", "redis-1:6379"), r.cluster().orElseThrow().nodes());
        assertEquals(Optional.empty(), r.cluster().orElseThrow().password());
    }

    @Test
    void urlAndCluster_together_failAtRedis() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("redis: {url: \"redis://h\", cluster: {nodes: [\"h:1\"]}}"));
        assertEquals("redis", e.path(), e.describe());
    }

    @Test
    void none_ofUrlSentinelCluster_failsAtRedis() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("redis: {timeout_ms: 500}"));
        assertEquals("redis", e.path(), e.describe());
    }

    @Test
    void aNodeWithoutPort_failsAtItsPath() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("redis: {cluster: {nodes: [\"h:6379\", \"h2\"]}}"));
        assertEquals("redis.cluster.nodes[1]", e.path(), e.describe());
    }

    @Test
    void sentinel_withoutMaster_failsAtSentinel_andUnknownKeysAreErrors() throws Exception {
        assertEquals("redis.sentinel.master", assertThrows(ConfigException.class,
                () -> parse("redis: {sentinel: {nodes: [\"h:26379\"]}}")).path());
        assertEquals("redis.sentinel.bogus", assertThrows(ConfigException.class,
                () -> parse("redis: {sentinel: {master: m, nodes: [\"h:26379\"], bogus: 1}}")).path());
    }

    @Test
    void dedup_defaultsToFiveMinutes_zeroDisables_andIsBounded() throws Exception {
        assertEquals(DedupConfig.DEFAULT_TTL, parse("").dedup().ttl());
        assertEquals(Duration.ofMinutes(5), DedupConfig.DEFAULT_TTL);
        assertFalse(parse("dedup: {ttl_seconds: 0}").dedup().enabled());
        assertEquals(Duration.ofSeconds(90), parse("dedup: {ttl_seconds: 90}").dedup().ttl());
        assertEquals("dedup.ttl_seconds", assertThrows(ConfigException.class,
                () -> parse("dedup: {ttl_seconds: -1}")).path());
        assertEquals("dedup.ttl", assertThrows(ConfigException.class, () -> parse("dedup: {ttl: 5}")).path());
    }

    @Test
    void url_withANonNumericDatabase_aBadPort_orAPortOutOfRange_failsAtRedisUrl_withoutThePassword() throws Exception {
        for (String url : List.of("redis://127.0.0.1:16379/abc", "redis://user:pa55word@host:notaport",
                "redis://127.0.0.1:99999", "redis://:pa55word@127.0.0.1:0", "rediss://:pa55word@h:6379/0?x=1")) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse("redis:\n  url: \"" + url + "\""), url);
            assertEquals("redis.url", e.path(), e.describe());
            assertEquals(3, e.line(), e.describe());
            assertFalse(e.describe().contains("pa55word"), e.describe());
        }
    }

    @Test
    void url_withUserPasswordPortAndDatabase_isAccepted() throws Exception {
        assertEquals("redis://u:pa55word@127.0.0.1:16379/2",
                parse("redis: {url: \"redis://u:pa55word@127.0.0.1:16379/2\"}").redis().orElseThrow().url().orElseThrow().reveal());
        parse("redis: {url: \"rediss://redis.example:6380/\"}");
        parse("redis: {url: \"redis://[::1]\"}");
    }
}
