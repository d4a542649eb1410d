package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StormDigestTest {

    private static String allText(SlackMessage m) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> block : m.blocks()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> text = (Map<String, Object>) block.get("text");
            b.append(text.get("text")).append('\n');
        }
        return b.toString();
    }

    @Test
    void format_countsBySeverityAndAlertname_listsTheFirstGroups_andSaysHowManyMore() {
        List<StormDigest.Item> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(new StormDigest.Item(i < 5 ? "high" : "low", i % 5 == 0 ? "DiskFull" : "HighLatency", "group " + i));
        }
        SlackMessage m = StormDigest.format("#ops", items);
        String text = allText(m);
        assertTrue(m.text().startsWith("Alert storm: 25 notifications for #ops"), m.text());
        assertTrue(text.contains("high 5 · low 20"), text);
        assertTrue(text.contains("HighLatency ×20, DiskFull ×5"), text);
        assertTrue(text.contains("• group 0\n") && text.contains("• group 9\n+15 more"), text);
        assertTrue(BlockKitLimits.violations(m.webhookBody()).isEmpty());
    }

    @Test
    void format_escapesAlertnames_soALabelCannotPingTheChannel() {
        SlackMessage m = StormDigest.format("#ops", List.of(new StormDigest.Item("low", "<!channel>", "t")));
        assertTrue(allText(m).contains("&lt;!channel&gt; ×1"), allText(m));
    }

    @Test
    void format_thousandsOfLongTitles_staysWithinBlockKitLimits() {
        List<StormDigest.Item> items = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) items.add(new StormDigest.Item("low", "name" + i, "x".repeat(5_000)));
        SlackMessage m = StormDigest.format("#ops", items);
        assertEquals(List.of(), BlockKitLimits.violations(m.webhookBody()));
    }
}
