package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import io.alertgate.store.EscalationRecord;
import io.alertgate.store.InMemoryStateStore;
import io.alertgate.store.RedisServer;
import io.alertgate.store.RedisStateStore;
import io.alertgate.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An escalation keeps its group's silence labels (commonLabels, else groupLabels) from its start, in
 * both stores, so that each step can offer the Silence buttons; any label text survives Redis.
 */
class EscalationLabelsTest {
    /** Label text that a naive {@code k=v&…} or line encoding would break. */
    static final Map<String, String> AWKWARD = Map.of("alertname", "Disk&Full", "severity", "critical",
            "query", "rate(x[5m]) > 0.5 = bad %20", "note", "line1\nline2 é 🚨", "empty", "");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static AlertGroup group(Labels groupLabels, Labels commonLabels) {
        return new AlertGroup("4", "{}:{alertname=\"Disk&Full\"}", 0, Status.FIRING, "r", groupLabels, commonLabels,
                Labels.EMPTY, "", List.of(), "", Labels.EMPTY);
    }

    private List<EscalationRecord> keptAndStepped(StateStore store, AlertGroup group) {
        List<EscalationRecord> stepped = new CopyOnWriteArrayList<>();
        Escalations esc = new Escalations(store, Map.of("acme", EscalationsTest.POLICY), (e, step, level) -> stepped.add(e),
                clock, () -> "0000000000000001");
        String id = esc.onNotification("acme", group).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, esc.poll());
        stepped.add(store.get("acme", id).orElseThrow());
        return stepped;
    }

    @Test
    void silenceLabels_inMemory_areKeptFromTheStart_andReachTheStep() {
        for (EscalationRecord e : keptAndStepped(new InMemoryStateStore(), group(Labels.of("alertname", "Disk&Full"), Labels.of(AWKWARD)))) {
            assertEquals(AWKWARD, e.silenceLabels());
        }
    }

    @Test
    void silenceLabels_onRedis_surviveAnyLabelText() throws Exception {
        try (RedisServer redis = RedisServer.start();
                RedisStateStore store = new RedisStateStore(new RedisStateStore.Settings(redis.url(), Duration.ofSeconds(2), 4))) {
            for (EscalationRecord e : keptAndStepped(store, group(Labels.of("alertname", "Disk&Full"), Labels.of(AWKWARD)))) {
                assertEquals(AWKWARD, e.silenceLabels());
            }
        }
    }

    @Test
    void silenceLabels_withoutCommonLabels_areTheGroupLabels() {
        assertEquals(Map.of("alertname", "Disk&Full", "severity", "critical"),
                group(Labels.of("alertname", "Disk&Full", "severity", "critical"), Labels.EMPTY).silenceLabels().asMap());
        assertEquals(Map.of("service", "db"), group(Labels.of("alertname", "X"), Labels.of("service", "db")).silenceLabels().asMap());
    }
}
