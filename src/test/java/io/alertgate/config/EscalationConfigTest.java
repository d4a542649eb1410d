package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The top-level redis section and the escalation keys added for issue 5. */
class EscalationConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("REDIS_URL", "redis://:pa55word@10.0.0.5:6380/1"),
            SecretDecoder.NONE);

    private GatewayConfig parse(String top, String escalation) throws Exception {
        return loader.parse("""
                server: {listen: "127.0.0.1:0"}
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                          escalation:
                %s
                """.formatted(top, escalation.indent(12)), null);
    }

    @Test
    void redis_absent_meansInMemory() throws Exception {
        assertEquals(Optional.empty(), parse("", "enabled: false").redis());
    }

    @Test
    void redis_urlFromTheEnvironment_withDefaults_andThePasswordNeverShown() throws Exception {
        RedisConfig r = parse("redis: {url: \"${REDIS_URL}\"}", "enabled: false").redis().orElseThrow();
        assertEquals("redis://:pa55word@10.0.0.5:6380/1", r.url().orElseThrow().reveal());
        assertEquals(RedisConfig.DEFAULT_TIMEOUT, r.timeout());
        assertEquals(RedisConfig.DEFAULT_POOL_SIZE, r.poolSize());
        assertFalse(r.toString().contains("pa55word"));
    }

    @Test
    void redis_notARedisUrl_failsAtItsPathWithoutTheValue() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("redis: {url: \"http://u:topsecret@h\", timeout_ms: 500}", "enabled: false"));
        assertEquals("redis.url", e.path(), e.describe());
        assertFalse(e.describe().contains("topsecret"), e.describe());
    }

    @Test
    void escalation_repeatAndSeverities_areRead_andDefaultToZeroAndCriticalHigh() throws Exception {
        var withDefaults = parse("", "enabled: true\nlevels: [{level: 1, delay_minutes: 5, targets: [console]}]")
                .tenant("acme").orElseThrow().escalation();
        assertEquals(0, withDefaults.repeat());
        assertEquals(List.of("critical", "high"), withDefaults.severities());
        var set = parse("", "enabled: true\nrepeat: 3\nseverities: [critical]\n"
                + "levels: [{level: 1, delay_minutes: 5, targets: [console]}]").tenant("acme").orElseThrow().escalation();
        assertEquals(3, set.repeat());
        assertEquals(List.of("critical"), set.severities());
        assertEquals(Duration.ofMinutes(5), set.levels().get(0).delay());
    }

    @Test
    void escalation_enabledWithoutLevels_failsTheLoad() {
        assertThrows(ConfigException.class, () -> parse("", "enabled: true"));
    }
}
