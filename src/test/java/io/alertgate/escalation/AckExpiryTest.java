package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ack_expiry_minutes}: an acknowledgement of a group that still fires runs out and re-arms the
 * escalation at level 1, on the injected clock, in both stores (a real redis-server for Redis).
 */
class AckExpiryTest {
    static final Duration EXPIRY = Duration.ofMinutes(30);
    static final EscalationPolicy EXPIRING = new EscalationPolicy(true, List.of(EscalationsTest.L1, EscalationsTest.L2),
            0, List.of("critical"), EXPIRY);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<EscalationRecord> announced = new CopyOnWriteArrayList<>();
    private RedisServer redis;

    @AfterEach
    void stop() throws Exception {
        if (redis != null) redis.close();
    }

    private Escalations escalations(StateStore store, EscalationPolicy policy) {
        AtomicInteger n = new AtomicInteger();
        return new Escalations(store, Map.of("acme", policy), (e, step, level) -> {
            posted.add("step " + step + " level " + level.level() + (e.endedBy().isEmpty() ? ""
                    : " after the ack by " + e.endedBy() + " at " + Instant.ofEpochMilli(e.endedAtMillis())));
            return true;
        }, clock, () -> String.format("%016x", n.incrementAndGet()), EscalationListener.NONE, announced::add);
    }

    private RedisStateStore redisStore() throws Exception {
        redis = RedisServer.start();
        return new RedisStateStore(new RedisStateStore.Settings(redis.url(), Duration.ofSeconds(2), 4));
    }

    @Test
    void ackExpiry_inMemory_reArmsAtLevel1AndFiresItAgain() {
        expiryReArms(new InMemoryStateStore());
    }

    @Test
    void ackExpiry_onRedis_reArmsAtLevel1AndFiresItAgain() throws Exception {
        try (RedisStateStore store = redisStore()) {
            expiryReArms(store);
        }
    }

    @Test
    void resolve_whileTheAckHolds_inMemory_endsIt_andNothingReArms() {
        resolveWhileAcknowledgedEnds(new InMemoryStateStore());
    }

    @Test
    void resolve_whileTheAckHolds_onRedis_endsIt_andNothingReArms() throws Exception {
        try (RedisStateStore store = redisStore()) {
            resolveWhileAcknowledgedEnds(store);
        }
    }

    private void expiryReArms(StateStore store) {
        Escalations esc = escalations(store, EXPIRING);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, esc.poll());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Escalations.AckResult.ACKNOWLEDGED, esc.acknowledge(id, "slack:U0ALICE (alice)"));
        assertEquals(1, announced.size(), "the acknowledgement is announced once");
        assertEquals("slack:U0ALICE (alice)", announced.getFirst().endedBy());
        assertEquals(Duration.ofMinutes(6).toMillis(), announced.getFirst().endedAtMillis() - announced.getFirst().startedAtMillis());

        // A repeat notification while the acknowledgement holds neither starts another escalation nor offers the button.
        assertTrue(esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).isEmpty());
        clock.advance(EXPIRY.minusMinutes(1));
        assertEquals(0, esc.poll(), "nothing fires while the acknowledgement holds");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, esc.poll(), "the expiry re-arms and fires level 1 at once");
        assertEquals(List.of("step 1 level 1", "step 1 level 1 after the ack by slack:U0ALICE (alice) at 2026-01-01T00:06:00Z"),
                posted, "the step after an expiry names the acknowledgement that expired");
        EscalationRecord armed = store.get("acme", id).orElseThrow();
        assertEquals("ACTIVE", armed.state());
        assertEquals(1, armed.step());
        assertEquals("", armed.endedBy());

        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, esc.poll(), "then level 2 after its delay, as the first time");
        assertEquals("step 2 level 2", posted.getLast());
        assertEquals(Escalations.AckResult.ACKNOWLEDGED, esc.acknowledge(id, "api"), "it can be acknowledged again");
    }

    private void resolveWhileAcknowledgedEnds(StateStore store) {
        Escalations esc = escalations(store, EXPIRING);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.acknowledge(id, "api");
        esc.onNotification("acme", EscalationsTest.group("g1", Status.RESOLVED, "critical"));
        assertEquals("RESOLVED", store.get("acme", id).orElseThrow().state());
        clock.advance(EXPIRY.plusHours(1));
        assertEquals(0, esc.poll());
        assertEquals(List.of(), posted);
        assertTrue(store.unfinished("acme").isEmpty());
    }

    @Test
    void ack_withoutExpiry_neverReArms_andFreesTheGroup() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store, EscalationsTest.POLICY);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.acknowledge(id, "api");
        clock.advance(Duration.ofDays(2));
        assertEquals(0, esc.poll());
        assertTrue(store.unfinished("acme").isEmpty());
    }

    @Test
    void announcerFailure_doesNotFailTheAcknowledgement() {
        AtomicInteger n = new AtomicInteger();
        Escalations esc = new Escalations(new InMemoryStateStore(), Map.of("acme", EXPIRING), (e, s, l) -> true, clock,
                () -> "" + n.incrementAndGet(), EscalationListener.NONE, e -> {
                    throw new IllegalStateException("outbox gone");
                });
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        assertEquals(Escalations.AckResult.ACKNOWLEDGED, esc.acknowledge(id, "api"));
    }

    @Test
    void expire_isTheOnlyWayBackToActive_andOnlyFromAcknowledged() {
        assertEquals(EscalationState.ACTIVE, EscalationState.ACKNOWLEDGED.expire());
        assertThrows(IllegalStateException.class, () -> EscalationState.ACKNOWLEDGED.to(EscalationState.ACTIVE));
        assertThrows(IllegalStateException.class, () -> EscalationState.ACTIVE.expire());
        assertThrows(IllegalStateException.class, () -> EscalationState.RESOLVED.expire());
        assertThrows(IllegalStateException.class, () -> EscalationState.RESOLVED.to(EscalationState.ACKNOWLEDGED));
        assertEquals(EscalationState.RESOLVED, EscalationState.ACKNOWLEDGED.to(EscalationState.RESOLVED));
    }
}
