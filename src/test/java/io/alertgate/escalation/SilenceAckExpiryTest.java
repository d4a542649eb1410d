package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * An acknowledgement made by a Silence button lasts exactly as long as the silence, whatever
 * {@code ack_expiry_minutes} says; when the silence ends the escalation starts over at level 1 after
 * level 1's delay (Alertmanager sent nothing during the silence, so the group must first show it
 * still fires). On the injected clock, in memory and on a real redis-server.
 */
class SilenceAckExpiryTest {
    static final Duration SILENCE = Duration.ofHours(4);
    static final EscalationPolicy NO_EXPIRY = EscalationsTest.POLICY;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private RedisServer redis;

    @AfterEach
    void stop() throws Exception {
        if (redis != null) redis.close();
    }

    private Escalations escalations(StateStore store, EscalationPolicy policy) {
        AtomicInteger n = new AtomicInteger();
        return new Escalations(store, Map.of("acme", policy), (e, step, level) -> {
            posted.add("step " + step + " level " + level.level());
            return true;
        }, clock, () -> String.format("%016x", n.incrementAndGet()));
    }

    private RedisStateStore redisStore() throws Exception {
        redis = RedisServer.start();
        return new RedisStateStore(new RedisStateStore.Settings(redis.url(), Duration.ofSeconds(2), 4));
    }

    private static EscalationPolicy expiring(Duration ackExpiry) {
        return new EscalationPolicy(true, List.of(EscalationsTest.L1, EscalationsTest.L2), 0, List.of("critical"), ackExpiry);
    }

    @Test
    void silenceAck_inMemory_holdsUntilTheSilenceEnds_thenStartsOverAtLevel1() {
        holdsUntilTheSilenceEnds(new InMemoryStateStore(), NO_EXPIRY);
    }

    @Test
    void silenceAck_onRedis_holdsUntilTheSilenceEnds_thenStartsOverAtLevel1() throws Exception {
        try (RedisStateStore store = redisStore()) {
            holdsUntilTheSilenceEnds(store, NO_EXPIRY);
        }
    }

    @Test
    void silenceAck_withAShorterAckExpiry_stillHoldsForTheWholeSilence() {
        holdsUntilTheSilenceEnds(new InMemoryStateStore(), expiring(Duration.ofMinutes(30)));
    }

    @Test
    void silenceAck_withALongerAckExpiry_onRedis_endsWithTheSilence() throws Exception {
        try (RedisStateStore store = redisStore()) {
            holdsUntilTheSilenceEnds(store, expiring(Duration.ofHours(12)));
        }
    }

    private void holdsUntilTheSilenceEnds(StateStore store, EscalationPolicy policy) {
        Escalations esc = escalations(store, policy);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, esc.poll());
        Instant silenceEnds = clock.instant().plus(SILENCE);
        assertEquals(Escalations.AckResult.ACKNOWLEDGED,
                esc.acknowledgeUntil(id, "slack:U0ALICE (alice) via silence s-1", silenceEnds));
        EscalationRecord acked = store.get("acme", id).orElseThrow();
        assertEquals("ACKNOWLEDGED", acked.state());
        assertEquals(silenceEnds.toEpochMilli(), acked.ackUntilMillis(), "the store keeps when the silence ends");
        assertEquals(List.of(id), store.unfinished("acme").stream().map(EscalationRecord::id).toList(),
                "listed while the silence lasts");
        assertTrue(esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).isEmpty(),
                "no Acknowledge button while the silence lasts");

        clock.advance(SILENCE.minusMinutes(1));
        assertEquals(0, esc.poll(), "nothing fires during the silence, whatever ack_expiry_minutes says");
        assertEquals("ACKNOWLEDGED", store.get("acme", id).orElseThrow().state());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, esc.poll(), "the silence's end re-arms without firing at once");
        EscalationRecord armed = store.get("acme", id).orElseThrow();
        assertEquals("ACTIVE", armed.state());
        assertEquals(0, armed.step());
        assertEquals(0, armed.ackUntilMillis());

        clock.advance(EscalationsTest.L1.delay().minusSeconds(1));
        assertEquals(0, esc.poll());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, esc.poll(), "level 1 after its delay, as for a new group");
        assertEquals(List.of("step 1 level 1", "step 1 level 1"), posted);
    }

    @Test
    void resolve_afterTheSilenceEnds_beforeLevel1_firesNothing() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store, NO_EXPIRY);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.acknowledgeUntil(id, "slack:U0BOB (bob) via silence s-2", clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, esc.poll());
        // Alertmanager's first notification after the silence is the resolve of an alert that ended meanwhile.
        esc.onNotification("acme", EscalationsTest.group("g1", Status.RESOLVED, "critical"));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, esc.poll());
        assertEquals(List.of(), posted);
        assertEquals("RESOLVED", store.get("acme", id).orElseThrow().state());
    }

    @Test
    void resolve_duringTheSilence_endsIt_andNothingReArms_onRedis() throws Exception {
        try (RedisStateStore store = redisStore()) {
            Escalations esc = escalations(store, NO_EXPIRY);
            String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
            esc.acknowledgeUntil(id, "slack:U0BOB (bob) via silence s-3", clock.instant().plus(SILENCE));
            esc.onNotification("acme", EscalationsTest.group("g1", Status.RESOLVED, "critical"));
            clock.advance(SILENCE.plusHours(1));
            assertEquals(0, esc.poll());
            assertEquals(List.of(), posted);
            assertTrue(store.unfinished("acme").isEmpty());
        }
    }

    @Test
    void plainAck_withoutExpiry_stillHoldsForGood_andKeepsNoUntil() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store, NO_EXPIRY);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.acknowledge(id, "api");
        assertEquals(0, store.get("acme", id).orElseThrow().ackUntilMillis());
        clock.advance(Duration.ofDays(2));
        assertEquals(0, esc.poll());
        assertTrue(store.unfinished("acme").isEmpty());
    }

    @Test
    void silence_afterAPlainAckThatExpiresSooner_extendsItToTheSilencesEnd() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store, expiring(Duration.ofMinutes(30)));
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        assertEquals(Escalations.AckResult.ACKNOWLEDGED, esc.acknowledge(id, "api"));
        assertEquals(Escalations.AckResult.ALREADY_ENDED,
                esc.acknowledgeUntil(id, "slack:U0ALICE (alice) via silence s-4", clock.instant().plus(SILENCE)));
        clock.advance(Duration.ofMinutes(30));
        assertEquals(0, esc.poll(), "the policy's 30 minutes would page during the silence");
        assertEquals("ACKNOWLEDGED", store.get("acme", id).orElseThrow().state());
        assertEquals("api", store.get("acme", id).orElseThrow().endedBy(), "who acknowledged is unchanged");
        clock.advance(SILENCE.minusMinutes(30));
        esc.poll();
        assertEquals("ACTIVE", store.get("acme", id).orElseThrow().state(), "re-armed when the silence ends");
    }

    @Test
    void silence4h_afterSilence1h_onRedis_holdsForTheLongerOne() throws Exception {
        try (RedisStateStore store = redisStore()) {
            Escalations esc = escalations(store, NO_EXPIRY);
            String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
            esc.acknowledgeUntil(id, "slack:U0ALICE (alice) via silence s-5", clock.instant().plus(Duration.ofHours(1)));
            esc.acknowledgeUntil(id, "slack:U0BOB (bob) via silence s-6", clock.instant().plus(SILENCE));
            clock.advance(Duration.ofHours(2));
            assertEquals(0, esc.poll());
            assertEquals("ACKNOWLEDGED", store.get("acme", id).orElseThrow().state());
            clock.advance(Duration.ofHours(2));
            esc.poll();
            assertEquals("ACTIVE", store.get("acme", id).orElseThrow().state());
        }
    }

    @Test
    void silence_afterAPlainAckThatNeverExpires_leavesItForGood() {
        StateStore store = new InMemoryStateStore();
        Escalations esc = escalations(store, NO_EXPIRY);
        String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
        esc.acknowledge(id, "api");
        esc.acknowledgeUntil(id, "slack:U0ALICE (alice) via silence s-7", clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofDays(1));
        assertEquals(0, esc.poll());
        assertEquals(List.of(), posted);
        assertTrue(store.unfinished("acme").isEmpty());
    }
}
