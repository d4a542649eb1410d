package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import io.alertgate.config.Target;
import io.alertgate.config.TenantConfig.Escalation;
import io.alertgate.store.EscalationRecord;
import io.alertgate.store.InMemoryStateStore;
import io.alertgate.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EscalationsTest {
    static final Escalation.Level L1 = new Escalation.Level(1, Duration.ofMinutes(5), List.of(new Target.Console("console")));
    static final Escalation.Level L2 = new Escalation.Level(2, Duration.ofMinutes(10), List.of(new Target.Console("console")));
    static final EscalationPolicy POLICY = new EscalationPolicy(true, List.of(L1, L2), 1, List.of("critical", "high"));

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<String> posted = new CopyOnWriteArrayList<>();

    static AlertGroup group(String key, Status status, String severity) {
        return new AlertGroup("4", key, 0, status, "r", Labels.EMPTY, Labels.of("alertname", "Down", "severity", severity),
                Labels.EMPTY, "", List.of(), "", Labels.EMPTY);
    }

    Escalations escalations(StateStore store) {
        AtomicInteger n = new AtomicInteger();
        return new Escalations(store, Map.of("acme", POLICY), (e, step, level) -> {
            posted.add(e.id() + " step " + step + " level " + level.level());
            return true;
        }, clock, () -> String.format("%016x", n.incrementAndGet()));
    }

    @Test
    void poll_onAFakeClock_walksTheLevelsThenRepeatsTheLastThenExhausts() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store);
        String id = esc.onNotification("acme", group("g1", Status.FIRING, "critical")).orElseThrow();
        assertEquals(0, esc.poll());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, esc.poll());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(0, esc.poll());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, esc.poll());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, esc.poll());
        clock.advance(Duration.ofHours(5));
        assertEquals(0, esc.poll());
        assertEquals(List.of(id + " step 1 level 1", id + " step 2 level 2", id + " step 3 level 2"), posted);
        assertEquals("EXHAUSTED", store.get("acme", id).orElseThrow().state());
    }

    @Test
    void onNotification_sameGroupAgain_keepsOneEscalation() {
        Escalations esc = escalations(new InMemoryStateStore());
        Optional<String> a = esc.onNotification("acme", group("g1", Status.FIRING, "critical"));
        Optional<String> b = esc.onNotification("acme", group("g1", Status.FIRING, "high"));
        assertEquals(a, b);
        assertEquals(1, esc.unfinished("acme").size());
    }

    @Test
    void onNotification_warningSeverityOrUnknownTenant_doesNotEscalate() {
        Escalations esc = escalations(new InMemoryStateStore());
        assertEquals(Optional.empty(), esc.onNotification("acme", group("g1", Status.FIRING, "warning")));
        assertEquals(Optional.empty(), esc.onNotification("other", group("g1", Status.FIRING, "critical")));
        assertEquals(List.of(), esc.unfinished());
    }

    @Test
    void acknowledge_stopsFurtherSteps() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store);
        String id = esc.onNotification("acme", group("g1", Status.FIRING, "critical")).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        esc.poll();
        assertEquals(Escalations.AckResult.ACKNOWLEDGED, esc.acknowledge(id, "U123"));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, esc.poll());
        assertEquals(1, posted.size());
        EscalationRecord r = store.get("acme", id).orElseThrow();
        assertEquals("ACKNOWLEDGED", r.state());
        assertEquals("U123", r.endedBy());
        assertEquals(List.of(), esc.unfinished("acme"));
    }

    @Test
    void ack_afterResolve_isRejected() {
        Escalations esc = escalations(new InMemoryStateStore());
        String id = esc.onNotification("acme", group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.onNotification("acme", group("g1", Status.RESOLVED, "critical"));
        assertEquals(Escalations.AckResult.ALREADY_ENDED, esc.acknowledge(id, "U123"));
        assertEquals(Escalations.AckResult.NOT_FOUND, esc.acknowledge("acme.ffff", "U123"));
        assertEquals(Escalations.AckResult.NOT_FOUND, esc.acknowledge("nodot", "U123"));
    }

    @Test
    void resolve_stopsTheEscalation_andANewFiringStartsAFreshOne() {
        Escalations esc = escalations(new InMemoryStateStore());
        String first = esc.onNotification("acme", group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.onNotification("acme", group("g1", Status.RESOLVED, "critical"));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, esc.poll());
        assertEquals(List.of(), posted);
        String second = esc.onNotification("acme", group("g1", Status.FIRING, "critical")).orElseThrow();
        assertTrue(!first.equals(second));
    }

    @Test
    void poll_whenTheOutboxRefuses_retriesTheStepAfterTheLease() {
        StateStore store = new InMemoryStateStore();
        AtomicInteger refusals = new AtomicInteger(1);
        Escalations esc = new Escalations(store, Map.of("acme", POLICY), (e, step, level) -> {
            if (refusals.getAndDecrement() > 0) return false;
            posted.add("step " + step);
            return true;
        }, clock, () -> "0000000000000001");
        esc.onNotification("acme", group("g1", Status.FIRING, "critical"));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(0, esc.poll());
        clock.advance(Escalations.CLAIM_LEASE);
        assertEquals(1, esc.poll());
        assertEquals(List.of("step 1"), posted);
    }

    @Test
    void stateMachine_illegalTransition_throws() {
        assertThrows(IllegalStateException.class, () -> EscalationState.RESOLVED.to(EscalationState.ACKNOWLEDGED));
        assertThrows(IllegalStateException.class, () -> EscalationState.EXHAUSTED.to(EscalationState.ACTIVE));
        assertEquals(EscalationState.ACKNOWLEDGED, EscalationState.EXHAUSTED.to(EscalationState.ACKNOWLEDGED));
    }
}
