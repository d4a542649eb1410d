package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
    private static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text));
    }

    @Test
    void withContextLine_prependsAnEscapedContextBlockAndText() {
        SlackMessage m = new SlackMessage("disk full", List.of(section("disk full")), List.of())
                .withContextLine("Meant for <#general> & co");
        assertEquals("Meant for &lt;#general&gt; &amp; co\ndisk full", m.text());
        assertEquals("context", m.blocks().get(0).get("type"));
        assertEquals(2, m.blocks().size());
        assertTrue(BlockKitLimits.violations(m.webhookBody()).isEmpty(), BlockKitLimits.violations(m.webhookBody()).toString());
    }

    @Test
    void withContextLine_onAFullMessage_putsTheLineInTheTextOnly() {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int i = 0; i < SlackMessage.MAX_BLOCKS; i++) blocks.add(section("b" + i));
        SlackMessage m = new SlackMessage("t", blocks, List.of()).withContextLine("Meant for #ops");
        assertEquals(SlackMessage.MAX_BLOCKS, m.blocks().size());
        assertTrue(m.text().startsWith("Meant for #ops\n"));
    }

    @Test
    void textOnly_dropsBlocksAndAttachments() {
        SlackMessage m = new SlackMessage("t", List.of(section("x")), List.of(Map.of("color", "#f00"))).textOnly();
        assertEquals("t", m.text());
        assertTrue(m.blocks().isEmpty() && m.attachments().isEmpty());
    }

    @Test
    void apiBody_withCorrelationId_carriesItAsSlackMetadata() {
        SlackMessage m = new SlackMessage("t", List.of(section("x")), List.of()).withCorrelationId("req-1");
        assertEquals(Map.of("event_type", "alertgate_notification", "event_payload", Map.of("correlation_id", "req-1")),
                m.apiBody("C1", null).get("metadata"));
        assertTrue(!m.webhookBody().containsKey("metadata"), "incoming webhooks take no metadata");
        assertEquals("req-1", m.withContextLine("meant for x").textOnly().correlationId());
    }

    @Test
    void apiBody_withoutCorrelationId_hasNoMetadata() {
        assertTrue(!new SlackMessage("t", List.of(), List.of()).apiBody("C1", null).containsKey("metadata"));
    }
}
