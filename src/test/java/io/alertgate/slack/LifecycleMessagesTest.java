package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleMessagesTest {
    private static final SlackMessage ORIGINAL = new SlackMessage("[FIRING:1] Down",
            List.of(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", "Down")),
                    Map.of("type", "actions", "block_id", "alertgate_escalation", "elements", List.of(
                            Map.of("type", "button", "action_id", "alertgate_ack", "value", "acme.1",
                                    "text", Map.of("type", "plain_text", "text", "Acknowledge")),
                            Map.of("type", "button", "action_id", "alertgate_silence_1h", "value", "acme.1",
                                    "text", Map.of("type", "plain_text", "text", "Silence 1h"))))),
            List.of(Map.of("color", "#E01E5A", "blocks", List.of())));

    @Test
    void acknowledger_slackUserId_becomesAMention_andAnythingElseIsEscapedText() {
        assertEquals("<@U0ALICE>", LifecycleMessages.acknowledger("slack:U0ALICE (alice)"));
        assertEquals("<@W012AB>", LifecycleMessages.acknowledger("slack:W012AB"));
        assertEquals("a Slack user", LifecycleMessages.acknowledger("slack:!channel"), "not a user id: no mention");
        assertEquals("a Slack user", LifecycleMessages.acknowledger("slack:U0A|x>"));
        assertEquals("the API", LifecycleMessages.acknowledger("api"));
        assertEquals("the API (bob &lt;!here&gt;)", LifecycleMessages.acknowledger("api:bob <!here>"));
        assertEquals("someone", LifecycleMessages.acknowledger("alertmanager"));
    }

    @Test
    void elapsed_readsInSecondsMinutesOrHours() {
        assertEquals("45 s", LifecycleMessages.elapsed(Duration.ofSeconds(45)));
        assertEquals("12 min", LifecycleMessages.elapsed(Duration.ofMinutes(12)));
        assertEquals("2 h 5 min", LifecycleMessages.elapsed(Duration.ofMinutes(125)));
    }

    @Test
    void acknowledgedParent_dropsOnlyTheAckButton_recolours_andPutsTheStatusFirst() throws Exception {
        SlackMessage m = LifecycleMessages.acknowledgedParent(ORIGINAL, "slack:U0ALICE", Duration.ofMinutes(7));
        String json = JSON.std.asString(m.webhookBody());
        assertFalse(json.contains("alertgate_ack"), json);
        assertTrue(json.contains("alertgate_silence_1h"), "other buttons stay: " + json);
        assertEquals(LifecycleMessages.STATUS_BLOCK_ID, m.blocks().getFirst().get("block_id"));
        assertEquals(LifecycleMessages.COLOR_ACKNOWLEDGED, m.attachments().getFirst().get("color"));
        assertTrue(m.text().startsWith("*ACKNOWLEDGED* by <@U0ALICE> 7 min after the first notification"), m.text());
    }

    @Test
    void acknowledgedParent_twice_keepsOneStatusLine() {
        SlackMessage once = LifecycleMessages.acknowledgedParent(ORIGINAL, "api", Duration.ofMinutes(1));
        SlackMessage twice = LifecycleMessages.acknowledgedParent(once, "slack:U0BOB", Duration.ofMinutes(40));
        assertEquals(1, twice.blocks().stream().filter(b -> LifecycleMessages.STATUS_BLOCK_ID.equals(b.get("block_id"))).count());
        assertTrue(String.valueOf(twice.blocks().getFirst()).contains("<@U0BOB>"));
    }

    @Test
    void acknowledgedParent_withOnlyTheAckButton_dropsItsActionsBlock() {
        SlackMessage step = EscalationMessages.step("acme", "Down", "g", 1, 5, "acme.1", true);
        SlackMessage m = LifecycleMessages.acknowledgedParent(step, "api", Duration.ZERO);
        assertTrue(m.blocks().stream().noneMatch(b -> "actions".equals(b.get("type"))), m.blocks().toString());
    }

    @Test
    void keptBody_roundTrips_andOnlyEscalatingMessagesAreKept() {
        assertTrue(LifecycleMessages.keepsBody(ORIGINAL));
        SlackMessage back = LifecycleMessages.fromJson(LifecycleMessages.toJson(ORIGINAL)).orElseThrow();
        assertEquals(ORIGINAL.webhookBody(), back.webhookBody());
        assertFalse(LifecycleMessages.keepsBody(new SlackMessage("plain", List.of(), List.of())));
        assertTrue(LifecycleMessages.keepsBody(LifecycleMessages.acknowledgedParent(ORIGINAL, "api", Duration.ZERO)));
        assertTrue(LifecycleMessages.fromJson("").isEmpty());
        assertTrue(LifecycleMessages.fromJson("{not json").isEmpty());
    }

    @Test
    void acknowledgedReply_escapesTheAlertname() {
        SlackMessage r = LifecycleMessages.acknowledgedReply("<!channel>", "slack:U0ALICE", Duration.ofMinutes(2));
        assertFalse(r.text().contains("<!channel>"), r.text());
        assertTrue(r.text().contains("&lt;!channel&gt;"), r.text());
        assertTrue(r.text().contains("<@U0ALICE>"), r.text());
    }
}
