package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Acknowledge block with the Silence 1h / 4h buttons. */
class EscalationMessagesSilenceTest {
    static final SlackMessage ALERT = new SlackMessage("DiskFull firing", List.of(), List.of());

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buttons(SlackMessage m) {
        Map<String, Object> actions = m.blocks().get(m.blocks().size() - 1);
        return (List<Map<String, Object>>) actions.get("elements");
    }

    @Test
    void withAckButton_andSilenceButtons_addsSilence1hAnd4hCarryingTheIdOnly() throws Exception {
        SlackMessage m = EscalationMessages.withAckButton(ALERT, "acme.00ff", true);
        List<Map<String, Object>> b = buttons(m);
        assertEquals(List.of("alertgate_ack", "alertgate_silence_1h", "alertgate_silence_4h"),
                b.stream().map(x -> x.get("action_id")).toList());
        assertEquals(Map.of("id", "acme.00ff"), JSON.std.mapFrom((String) b.get(1).get("value")),
                "the gateway silences the labels it stored, never what a button claims");
        assertEquals(b.get(1).get("value"), b.get(2).get("value"));
        assertEquals(List.of(), BlockKitLimits.violations(m.apiBody("C0123", null)));
        // For the outside oracle: /work/shared/tools/slack-typecheck/check --api target/silence-buttons.json
        Files.writeString(Path.of("target/silence-buttons.json"), JSON.std.asString(List.of(m.apiBody("C0123", null),
                EscalationMessages.step("acme", "DiskFull", "g", 1, 5, "acme.00ff", true).apiBody("C0123", null),
                EscalationMessages.step("acme", "DiskFull", "g", 1, 5, "acme.00ff", true, true)
                        .apiBody("C0123", null))));
    }

    @Test
    void step_withSilenceButtons_offersSilenceBesideAcknowledge() throws Exception {
        SlackMessage m = EscalationMessages.step("acme", "DiskFull", "g", 2, 15, "acme.00ff", true, true);
        List<Map<String, Object>> b = buttons(m);
        assertEquals(List.of("alertgate_ack", "alertgate_silence_1h", "alertgate_silence_4h"),
                b.stream().map(x -> x.get("action_id")).toList());
        assertEquals(Map.of("id", "acme.00ff"), JSON.std.mapFrom((String) b.get(1).get("value")),
                "the gateway silences the labels it stored, never what a button claims");
        assertEquals(List.of(), BlockKitLimits.violations(m.apiBody("C0123", null)));
    }

    @Test
    void step_withoutSilenceButtons_hasOnlyAcknowledge() {
        assertEquals(List.of("alertgate_ack"), buttons(EscalationMessages.step("acme", "DiskFull", "g", 1, 5, "acme.00ff", true,
                false)).stream().map(x -> x.get("action_id")).toList());
    }

    @Test
    void withAckButton_withoutSilenceButtons_hasOnlyAcknowledge() {
        assertEquals(List.of("alertgate_ack"), buttons(EscalationMessages.withAckButton(ALERT, "acme.00ff", false))
                .stream().map(x -> x.get("action_id")).toList());
    }

    @Test
    void withAckButton_silenceButtonsOnAnyGroup_valueStaysTheIdOnly_labelsNeverTravel() throws Exception {
        // Labels longer than a button value (2,000) once cost a group its Silence buttons; they never
        // reach the message now (PipelineSilenceButtonsTest shows such a group still gets them).
        SlackMessage m = EscalationMessages.withAckButton(ALERT, "acme.00ff", true);
        List<Map<String, Object>> b = buttons(m);
        assertEquals(List.of("alertgate_ack", "alertgate_silence_1h", "alertgate_silence_4h"),
                b.stream().map(x -> x.get("action_id")).toList());
        assertEquals(Map.of("id", "acme.00ff"), JSON.std.mapFrom((String) b.get(1).get("value")));
        assertEquals(List.of(), BlockKitLimits.violations(m.apiBody("C0123", null)));
        assertFalse(m.text().isEmpty());
    }
}
