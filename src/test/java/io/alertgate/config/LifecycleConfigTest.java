package io.alertgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code routing_rules[].message_mode} and {@code escalation.ack_expiry_minutes}. */
class LifecycleConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of(), SecretDecoder.NONE);

    private TenantConfig parse(String ruleExtra, String escalationExtra) throws Exception {
        return loader.parse("""
                server: {listen: "127.0.0.1:0"}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                          routing_rules:
                            - id: first
                              matchers: ['alertname="A"']
                              target_channels: [console]
                %s
                            - id: second
                              matchers: ['alertname="B"']
                              target_channels: [console]
                          escalation:
                            enabled: true
                            levels: [{level: 1, delay_minutes: 5, targets: [console]}]
                %s
                """.formatted(ruleExtra.indent(14), escalationExtra.indent(12)), null).tenant("acme").orElseThrow();
    }

    @Test
    void messageMode_absent_isUpdateAndThread() throws Exception {
        TenantConfig t = parse("", "");
        assertEquals(MessageMode.UPDATE_AND_THREAD, t.rules().get(0).messageMode());
        assertEquals(MessageMode.UPDATE_AND_THREAD, MessageMode.forReason(t, "default"));
    }

    @Test
    void messageMode_eachSpelling_isRead_andFoundByReasonAndDestination() throws Exception {
        for (MessageMode m : MessageMode.values()) {
            TenantConfig t = parse("message_mode: \"" + m.yaml + "\"", "");
            assertEquals(m, t.rules().get(0).messageMode());
            assertEquals(MessageMode.DEFAULT, t.rules().get(1).messageMode());
            assertEquals(m, MessageMode.forReason(t, "rule:first"));
            assertEquals(MessageMode.DEFAULT, MessageMode.forReason(t, "rule:second"));
            assertEquals(m, MessageMode.forDestination(t, "console"), "the first rule listing it decides");
            assertEquals(MessageMode.DEFAULT, MessageMode.forDestination(t, "#elsewhere"));
        }
    }

    @Test
    void messageMode_unknownValue_failsAtItsYamlPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("message_mode: edit", ""));
        assertTrue(e.path().endsWith("routing_rules[0].message_mode"), e.path());
        assertTrue(e.describe().contains("update, thread, update+thread, new"), e.describe());
    }

    @Test
    void ackExpiry_defaultsToNever_andIsReadInMinutes() throws Exception {
        assertEquals(Duration.ZERO, parse("", "").escalation().ackExpiry());
        assertEquals(Duration.ofMinutes(90), parse("", "ack_expiry_minutes: 90").escalation().ackExpiry());
    }

    @Test
    void ackExpiry_negative_failsAtItsYamlPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("", "ack_expiry_minutes: -1"));
        assertTrue(e.path().endsWith("escalation.ack_expiry_minutes"), e.path());
    }
}
