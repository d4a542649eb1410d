package io.alertgate.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertGroupTest {

    private static Alert alert(Labels labels) {
        return new Alert(Status.FIRING, labels, Labels.EMPTY, Instant.parse("2024-05-01T10:00:00Z"), Optional.empty(), "", "");
    }

    private static AlertGroup group(Labels groupLabels, Labels commonLabels, List<Alert> alerts) {
        return new AlertGroup("4", "", 0, Status.FIRING, "r", groupLabels, commonLabels, Labels.EMPTY, "", alerts, "", Labels.EMPTY);
    }

    @Test
    void routingLabels_nameInSeveralSets_commonWinsOverGroupOverFirstAlert() {
        AlertGroup g = group(
                Labels.of("team", "group", "env", "group"),
                Labels.of("team", "common"),
                List.of(alert(Labels.of("team", "first", "env", "first", "pod", "p-1")),
                        alert(Labels.of("team", "second", "extra", "x"))));
        assertEquals(Labels.of("env", "group", "pod", "p-1", "team", "common"), g.routingLabels());
    }

    @Test
    void routingLabels_noCommonOrGroupLabels_areTheFirstAlertsLabels() {
        Labels first = Labels.of("alertname", "DiskFull", "severity", "critical");
        assertEquals(first, group(Labels.EMPTY, Labels.EMPTY, List.of(alert(first))).routingLabels());
    }
}
