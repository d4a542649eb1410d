package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationMessagesTest {

    @Test
    void step_withButton_namesTheLevel_escapesTheAlertname_andFitsBlockKit() {
        SlackMessage m = EscalationMessages.step("acme", "<!channel> Down & out", "{}:{a=\"b\"}", 2, 15, "acme.00ff", true);
        assertTrue(m.text().contains("Escalation level 2"), m.text());
        assertTrue(m.text().contains("&lt;!channel&gt; Down &amp; out"), m.text());
        assertFalse(m.text().contains("<!channel>"), m.text());
        assertEquals(List.of(), BlockKitLimits.violations(m.apiBody("C01", null)));
        Map<String, Object> actions = m.blocks().get(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> button = ((List<Map<String, Object>>) actions.get("elements")).get(0);
        assertEquals(EscalationMessages.ACK_ACTION_ID, button.get("action_id"));
        assertEquals("acme.00ff", button.get("value"));
    }

    @Test
    void step_withoutSigningSecret_hasNoButton() {
        assertEquals(1, EscalationMessages.step("acme", "Down", "g", 1, 5, "acme.00ff", false).blocks().size());
    }

    @Test
    void withAckButton_onAFullMessage_leavesItUnchanged() {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int i = 0; i < BlockKitLimits.MAX_BLOCKS_PER_MESSAGE; i++) {
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "x")));
        }
        SlackMessage full = new SlackMessage("t", blocks, List.of());
        assertSame(full, EscalationMessages.withAckButton(full, "acme.00ff"));
        SlackMessage small = new SlackMessage("t", blocks.subList(0, 3), List.of());
        SlackMessage withButton = EscalationMessages.withAckButton(small, "acme.00ff");
        assertEquals(4, withButton.blocks().size());
        assertEquals(List.of(), BlockKitLimits.violations(withButton.apiBody("C01", null)));
    }

    @Test
    void step_afterAnAcknowledgementExpired_saysWhoseAndWhen_notThatNobodyAcknowledged() {
        String text = EscalationMessages.step("acme", "Down", "g", 1, 45, "acme.00ff", true, false,
                "slack:U0ALICE (alice)", java.time.Instant.parse("2026-01-01T00:06:00.123Z")).text();
        assertTrue(text.contains("the acknowledgement by slack:U0ALICE (alice) at 2026-01-01T00:06:00Z expired"), text);
        assertFalse(text.contains("not acknowledged"), text);
    }
}
