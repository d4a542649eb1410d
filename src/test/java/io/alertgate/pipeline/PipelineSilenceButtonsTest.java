package io.alertgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a notification's message offers the Silence 1h / 4h buttons. */
class PipelineSilenceButtonsTest {

    private static TenantConfig tenant(String alertmanagerLine) throws Exception {
        return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {ops: "https://hooks.slack.com/services/T0/B0/x"}
                          channels: {default: webhook:ops}
                %s
                """.formatted(alertmanagerLine.indent(8).stripTrailing()), null).tenant("acme").orElseThrow();
    }

    private static String payload(String commonLabels, String groupLabels) {
        return """
                {"version":"4","groupKey":"{}:{}","status":"firing","receiver":"alertgate","externalURL":"http://am",
                 "groupLabels":%s,"commonLabels":%s,"commonAnnotations":{},
                 "alerts":[{"status":"firing","labels":%s,"annotations":{},"startsAt":"2026-11-30T00:00:00Z",
                            "endsAt":"0001-01-01T00:00:00Z","fingerprint":"aaa"}]}
                """.formatted(groupLabels, commonLabels, commonLabels);
    }

    @Test
    void groupWithLabelsLongerThanAButtonValue_stillGetsSilenceButtons() throws Exception {
        String huge = "{\"alertname\":\"DiskFull\",\"huge\":\"" + "x".repeat(2_100) + "\"}";
        assertTrue(Pipeline.silenceButtons(tenant("alertmanager: {url: \"http://127.0.0.1:9093\"}"),
                DedupTest.group(payload(huge, "{}"))));
    }

    @Test
    void tenantWithoutAlertmanager_getsNoSilenceButtons() throws Exception {
        assertFalse(Pipeline.silenceButtons(tenant(""), DedupTest.group(payload("{\"alertname\":\"DiskFull\"}", "{}"))));
    }

    @Test
    void groupWithoutLabels_getsNoSilenceButtons_asItsSilenceWouldMatchEverything() throws Exception {
        assertFalse(Pipeline.silenceButtons(tenant("alertmanager: {url: \"http://127.0.0.1:9093\"}"),
                DedupTest.group(payload("{}", "{}"))));
    }
}
