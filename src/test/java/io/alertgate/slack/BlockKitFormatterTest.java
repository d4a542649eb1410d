package io.alertgate.slack;

import static io.alertgate.slack.SlackFixtures.alert;
import static io.alertgate.slack.SlackFixtures.alerts;
import static io.alertgate.slack.SlackFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Status;
import io.alertgate.template.AlertView;
import io.alertgate.template.NotificationView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockKitFormatterTest {
    private final BlockKitFormatter formatter = new BlockKitFormatter();

    private SlackMessage format(NotificationView view) {
        SlackMessage m = formatter.format(view, SlackFixtures.body(view));
        assertEquals(List.of(), BlockKitLimits.violations(m.webhookBody()), "limits");
        assertFalse(m.text().isBlank());
        return m;
    }

    private static String json(SlackMessage m) throws Exception {
        return JSON.std.asString(m.webhookBody());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attachmentBlocks(SlackMessage m) {
        return (List<Map<String, Object>>) m.attachments().get(0).get("blocks");
    }

    @SuppressWarnings("unchecked")
    private static String headerText(SlackMessage m) {
        return (String) ((Map<String, Object>) m.blocks().get(0).get("text")).get("text");
    }

    @ParameterizedTest(name = "group of {0}")
    @ValueSource(ints = {1, 5, 200, 5000})
    void format_groupOfAnySize_fitsEveryLimit(int n) throws Exception {
        SlackMessage m = format(view(Status.FIRING, alerts(n, "KubePodCrashLooping"), List.of()));
        assertEquals("🔥 FIRING: KubePodCrashLooping" + (n > 1 ? " (" + n + ")" : ""), headerText(m));
        assertTrue(m.text().startsWith("[FIRING:" + n + "] KubePodCrashLooping — Disk /var is 90% full."), m.text());
        assertEquals(n == 5000, json(m).contains(" more alerts_"), "only what does not fit is summarised");
    }

    @Test
    void format_groupOf5000Alerts_saysHowManyMoreAlertsThereAre() throws Exception {
        SlackMessage m = format(view(Status.FIRING, alerts(5000, "X"), List.of()));
        String all = json(m);
        int listed = all.split("• \\*X\\*", -1).length - 1;
        assertTrue(all.contains("+" + (5000 - listed) + " more alerts"), all.substring(0, 300));
    }

    @Test
    void format_hugeLabelValues_areCutWithinLimits() throws Exception {
        String huge = "v".repeat(50_000);
        List<AlertView> firing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            firing.add(alert(Map.of("alertname", huge, "severity", huge, "instance", huge + i, "service", huge),
                    Map.of("summary", huge, "description", huge, "runbook_url", "https://e.com/" + huge)));
        }
        SlackMessage m = format(view(Status.FIRING, firing, List.of()));
        assertFalse(json(m).contains("\"url\""), "a URL over 3000 characters gets no button");
    }

    @Test
    void format_cjkAndEmojiAtEveryBoundary_neverSplitsASurrogatePair() throws Exception {
        for (int pad = 0; pad < 4; pad++) {
            String value = "x".repeat(pad) + "😀漢字🔥".repeat(2000);
            List<AlertView> firing = List.of(
                    alert(Map.of("alertname", "磁盘已满" + value, "instance", value), Map.of("summary", value)),
                    alert(Map.of("alertname", "ディスク", "instance", value), Map.of("summary", value)));
            SlackMessage m = format(view(Status.FIRING, firing, List.of()));
            String all = json(m);
            for (int i = 0; i < all.length(); i++) {
                char c = all.charAt(i);
                if (Character.isHighSurrogate(c)) assertTrue(Character.isLowSurrogate(all.charAt(++i)));
                else assertFalse(Character.isLowSurrogate(c));
            }
        }
    }

    @Test
    void format_labelValueWithMarkup_isEscapedExactlyOnce() throws Exception {
        AlertView a = alert(Map.of("alertname", "A<!channel>", "instance", "a&b", "severity", "<@U123>"),
                Map.of("summary", "x > y & <https://evil|click>"));
        AlertView b = alert(Map.of("alertname", "B", "instance", "b", "severity", "<@U123>"), Map.of());
        SlackMessage m = format(view(Status.FIRING, List.of(a, b), List.of()));
        String all = json(m);
        assertTrue(all.contains("• *A&lt;!channel&gt;* a&amp;b — x &gt; y &amp; &lt;https://evil|click&gt;"), all);
        assertTrue(all.contains("*Severity*\\n&lt;@U123&gt;"), all);
        assertFalse(all.contains("&amp;lt;") || all.contains("&amp;amp;"), "escaped twice");
        String mrkdwn = JSON.std.asString(m.attachments()) + m.text();
        assertFalse(mrkdwn.contains("<!channel>") || mrkdwn.contains("<@U123>"), "raw mention in mrkdwn");
        assertEquals("🔥 FIRING: A<!channel> (2)", headerText(m), "plain_text is not escaped");
        assertTrue(m.text().startsWith("[FIRING:2] A&lt;!channel&gt; — x &gt; y"), m.text());
    }

    @Test
    void format_mixedGroup_marksEachAlertsStatus() throws Exception {
        AlertView firing = alert(Map.of("alertname", "A", "instance", "a"), Map.of());
        AlertView resolved = alert(Status.RESOLVED, Map.of("alertname", "A", "instance", "b"), Map.of());
        SlackMessage m = format(view(Status.FIRING, List.of(firing), List.of(resolved)));
        assertTrue(json(m).contains("🔥 *A* a\\n✅ *A* b"), json(m));
        assertEquals("🔥 FIRING: A", headerText(m), "the count is of firing alerts");
    }

    @Test
    void format_emojiAlertnameAtHeaderLimit_isCutOnACodePoint() {
        AlertView a = alert(Map.of("alertname", "🔥".repeat(400)), Map.of());
        String header = headerText(format(view(Status.FIRING, List.of(a), List.of())));
        assertEquals(150, Text.length(header));
        assertTrue(header.endsWith("🔥…"));
    }

    @Test
    void format_templateBody_isNotEscapedAgain() throws Exception {
        var view = view(Status.FIRING, alerts(1, "X"), List.of());
        SlackMessage m = formatter.format(view, "*bold* &amp; <https://example.com|link>");
        assertTrue(json(m).contains("\"text\":\"*bold* &amp; <https://example.com|link>\""));
    }

    @Test
    void format_colourBar_followsStatusAndHighestSeverity() {
        AlertView critical = alert(Map.of("alertname", "A", "severity", "critical"), Map.of());
        AlertView warning = alert(Map.of("alertname", "A", "severity", "warning"), Map.of());
        AlertView info = alert(Map.of("alertname", "A", "severity", "info"), Map.of());
        assertEquals("#E01E5A", color(view(Status.FIRING, List.of(warning, critical), List.of())));
        assertEquals("#ECB22E", color(view(Status.FIRING, List.of(warning, info), List.of())));
        assertEquals("#36C5F0", color(view(Status.FIRING, List.of(info), List.of())));
        AlertView resolved = alert(Status.RESOLVED, Map.of("alertname", "A", "severity", "critical"), Map.of());
        assertEquals("#2EB67D", color(view(Status.RESOLVED, List.of(), List.of(resolved))));
    }

    private String color(NotificationView v) {
        return (String) format(v).attachments().get(0).get("color");
    }

    @Test
    void format_resolvedGroupInFrench_usesFrenchStrings() throws Exception {
        AlertView r = alert(Status.RESOLVED, Map.of("alertname", "NodeDown", "severity", "critical"), Map.of("summary", "Nœud perdu"));
        SlackMessage m = format(view(Status.RESOLVED, List.of(), List.of(r), SlackFixtures.EXTERNAL_URL, 3, "fr"));
        assertEquals("✅ RÉSOLUE: NodeDown", headerText(m));
        assertTrue(json(m).contains("Alertmanager a omis 3 alertes (max_alerts)"));
        assertEquals("[RÉSOLUE:1] NodeDown — Nœud perdu", m.text());
    }

    @Test
    void format_buttons_onlyForAbsoluteHttpUrls() throws Exception {
        AlertView a = alert(Map.of("alertname", "A"),
                Map.of("runbook_url", "javascript:alert(1)", "dashboard_url", "https://grafana.example.com/d/x"));
        String all = json(format(view(Status.FIRING, List.of(a), List.of(), "not a url", 0, "en")));
        assertFalse(all.contains("javascript:"));
        assertTrue(all.contains("\"url\":\"https://grafana.example.com/d/x\""));
        assertFalse(all.contains("|Alertmanager>"), "no link to a relative external URL");
    }

    @Test
    void format_emptyBodyAndNoAlerts_stillHasFallbackText() {
        SlackMessage m = formatter.format(view(Status.FIRING, List.of(), List.of(), "", 0, "en"), "");
        assertEquals(List.of(), BlockKitLimits.violations(m.webhookBody()));
        assertEquals("[FIRING:0] slack", m.text());
    }

    @Test
    void format_realisticCorpus_fitsEveryLimit() throws Exception {
        int largest = 0;
        for (Path p : SlackFixtures.realisticCorpus()) {
            NotificationView view = SlackFixtures.load(p);
            SlackMessage m = formatter.format(view, SlackFixtures.body(view));
            assertEquals(List.of(), BlockKitLimits.violations(m.webhookBody()), p.toString());
            largest = Math.max(largest, json(m).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        System.out.println("largest rendered corpus message: " + largest + " bytes");
    }

    /** The golden file is the readable expected message; regenerate with -Dgolden.update=true. */
    @Test
    void format_podNotReadyGroupOf5_matchesGoldenFile() throws Exception {
        Path corpus = SlackFixtures.shared().resolve("corpus/alertmanager/realistic/r03-kubepodnotready-group5.json");
        NotificationView view = SlackFixtures.load(corpus);
        SlackMessage m = formatter.format(view, SlackFixtures.body(view));
        String actual = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(m.webhookBody()) + "\n";
        Path golden = Path.of("src/test/resources/io/alertgate/slack/r03-kubepodnotready-group5.golden.json");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual);
    }
}
