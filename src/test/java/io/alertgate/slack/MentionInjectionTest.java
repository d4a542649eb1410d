package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Status;
import io.alertgate.template.NotificationView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alert data never mentions anyone or forges a link; only the tenant's mention_on_critical does. */
class MentionInjectionTest {
    private static final List<String> ATTACKS = List.of("<!channel>", "<!here>", "<@U0123ABCD>",
            "<!subteam^S0123ABCD>", "<https://evil.example|click>", "<!everyone>");
    private final BlockKitFormatter formatter = new BlockKitFormatter();

    private static NotificationView view(String severity, String attack) {
        var a = SlackFixtures.alert(Map.of("alertname", "Attack " + attack, "severity", severity, "service", attack,
                "instance", attack), Map.of("summary", attack, "description", attack, "runbook_url", attack));
        return SlackFixtures.view(Status.FIRING, List.of(a, a), List.of());
    }

    @Test
    void format_labelsAndAnnotationsWithMentionsOrLinks_reachSlackOnlyAsText() throws Exception {
        for (String attack : ATTACKS) {
            NotificationView v = view("critical", attack);
            String json = JSON.std.asString(formatter.format(v, SlackFixtures.body(v), Optional.empty()).webhookBody());
            // Unescaped in mrkdwn it would ping or link; plain_text (the header) never does, so only mrkdwn is checked.
            for (String mrkdwn : mrkdwnTexts(formatter.format(v, SlackFixtures.body(v), Optional.empty()))) {
                assertFalse(mrkdwn.contains(attack), attack + " reached mrkdwn unescaped: " + mrkdwn);
            }
            assertFalse(json.contains("\"text\":\"" + attack), json);
        }
    }

    @Test
    void format_mentionOnCritical_isAddedToCriticalFiringGroupsOnly() {
        NotificationView critical = view("critical", "x");
        SlackMessage m = formatter.format(critical, SlackFixtures.body(critical), Optional.of("<!here>"));
        assertTrue(m.text().startsWith("<!here> "), m.text());
        assertTrue(mrkdwnTexts(m).contains("<!here>"));

        NotificationView warning = view("warning", "x");
        SlackMessage w = formatter.format(warning, SlackFixtures.body(warning), Optional.of("<!here>"));
        assertFalse(w.text().contains("<!here>"));
        assertEquals(formatter.format(warning, SlackFixtures.body(warning)), w);
    }

    @SuppressWarnings("unchecked")
    private static List<String> mrkdwnTexts(SlackMessage m) {
        List<String> out = new java.util.ArrayList<>();
        out.add(m.text());
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        todo.addAll(m.blocks());
        todo.addAll(m.attachments());
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof Map<?, ?> map) {
                if ("mrkdwn".equals(map.get("type")) && map.get("text") instanceof String s) out.add(s);
                todo.addAll(map.values());
            } else if (o instanceof List<?> l) {
                todo.addAll(l);
            }
        }
        return out;
    }
}
