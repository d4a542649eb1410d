package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The contract every {@link StateStore} passes; subclasses supply a fresh, empty store. */
abstract class StateStoreContract {
    abstract StateStore store();

    static EscalationRecord active(String tenant, String id, String groupKey) {
        return new EscalationRecord(tenant + "." + id, tenant, groupKey, "Down", "ACTIVE", 0, 1_000, "", 0, "critical");
    }

    @Test
    void createIfAbsent_sameGroupTwice_keepsTheFirst() {
        EscalationRecord first = active("acme", "aaaa", "{}:{alertname=\"Down\"}");
        assertEquals(first, store().createIfAbsent(first, 5_000));
        assertEquals(first, store().createIfAbsent(active("acme", "bbbb", first.groupKey()), 5_000));
        assertEquals(Optional.of(first), store().byGroup("acme", first.groupKey()));
        assertEquals(List.of(first), store().unfinished("acme"));
        assertEquals(List.of(), store().unfinished("other"));
    }

    @Test
    void claimDue_returnsOnlyDueSteps_once() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        store().createIfAbsent(active("acme", "bbbb", "g2"), 9_000);
        assertEquals(List.of(), store().claimDue("acme", 4_999, 60_000, 10));
        assertEquals(List.of(a.id()), store().claimDue("acme", 5_000, 60_000, 10));
        assertEquals(List.of(), store().claimDue("acme", 6_000, 60_000, 10));
        assertEquals(List.of(), store().claimDue("other", 10_000, 60_000, 10));
    }

    @Test
    void claimDue_afterTheLeaseEnds_reclaimsTheStep() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        assertEquals(List.of(a.id()), store().claimDue("acme", 5_000, 1_000, 10));
        assertEquals(List.of(), store().claimDue("acme", 5_999, 1_000, 10));
        assertEquals(List.of(a.id()), store().claimDue("acme", 6_000, 1_000, 10));
    }

    @Test
    void transition_fromAStaleRecord_isRefused() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        EscalationRecord stepped = a.with("ACTIVE", 1, "", 0);
        assertTrue(store().transition(a, stepped, OptionalLong.of(8_000), false));
        assertFalse(store().transition(a, a.with("ACKNOWLEDGED", 0, "U1", 7_000), OptionalLong.empty(), true));
        assertEquals(Optional.of(stepped), store().get("acme", a.id()));
    }

    @Test
    void transition_withNextDue_schedulesAndReleasesTheLease() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        assertEquals(List.of(a.id()), store().claimDue("acme", 5_000, 60_000, 10));
        assertTrue(store().transition(a, a.with("ACTIVE", 1, "", 0), OptionalLong.of(8_000), false));
        assertEquals(List.of(), store().claimDue("acme", 7_999, 60_000, 10));
        assertEquals(List.of(a.id()), store().claimDue("acme", 8_000, 60_000, 10));
    }

    @Test
    void transition_finished_freesTheGroupAndUnschedules() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        EscalationRecord acked = a.with("ACKNOWLEDGED", 0, "U1", 2_000);
        assertTrue(store().transition(a, acked, OptionalLong.empty(), true));
        assertEquals(Optional.empty(), store().byGroup("acme", "g1"));
        assertEquals(List.of(), store().unfinished("acme"));
        assertEquals(List.of(), store().claimDue("acme", 99_000, 60_000, 10));
        assertEquals(Optional.of(acked), store().get("acme", a.id()));
        EscalationRecord next = active("acme", "cccc", "g1");
        assertEquals(next, store().createIfAbsent(next, 9_000));
    }

    @Test
    void release_dropsAClaimedStepForGood() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        assertEquals(List.of(a.id()), store().claimDue("acme", 5_000, 1_000, 10));
        store().release("acme", a.id());
        assertEquals(List.of(), store().claimDue("acme", 99_000, 1_000, 10));
    }

    @Test
    void claimDue_respectsTheLimit() {
        for (int i = 0; i < 5; i++) store().createIfAbsent(active("acme", "id" + i, "g" + i), 1_000);
        assertEquals(3, store().claimDue("acme", 2_000, 60_000, 3).size());
        assertEquals(2, store().claimDue("acme", 2_000, 60_000, 3).size());
    }

    @Test
    void messageRefs_rememberedPerDestination_andForgotten() {
        store().remember("acme", "g1", "#ops", new MessageRef("C01", "1700000000.000100"));
        store().remember("acme", "g1", "@oncall", new MessageRef("D02", "1700000000.000200"));
        store().remember("acme", "g1", "#ops", new MessageRef("C01", "1700000001.000100"));
        assertEquals(Optional.of(new MessageRef("C01", "1700000001.000100")), store().find("acme", "g1", "#ops"));
        assertEquals(Optional.empty(), store().find("other", "g1", "#ops"));
        assertEquals(2, store().all("acme", "g1").size());
        store().forget("acme", "g1");
        assertEquals(Map.of(), store().all("acme", "g1"));
    }

    @Test
    void messageRefs_withAKeptBodyAndWebhookMarks_comeBackUnchanged() {
        String body = "{\"text\":\"a b  c\",\"blocks\":[{\"type\":\"section\"}]}";
        store().remember("acme", "g1", "#ops", new MessageRef("C01", "1700000000.000100", body));
        store().remember("acme", "g1", "webhook:ops", MessageRef.webhook());
        assertEquals(Optional.of(new MessageRef("C01", "1700000000.000100", body)), store().find("acme", "g1", "#ops"));
        assertTrue(store().find("acme", "g1", "webhook:ops").orElseThrow().isWebhook());
        assertFalse(store().find("acme", "g1", "#ops").orElseThrow().isWebhook());
    }

    @Test
    void transition_acknowledgedWithAnExpiry_keepsTheGroupAndSchedulesTheExpiry() {
        EscalationRecord a = store().createIfAbsent(active("acme", "aaaa", "g1"), 5_000);
        EscalationRecord acked = a.with("ACKNOWLEDGED", 0, "api", 2_000);
        assertTrue(store().transition(a, acked, OptionalLong.of(60_000), false));
        assertEquals(Optional.of(acked), store().byGroup("acme", "g1"), "the group keeps it while the ack can expire");
        assertEquals(List.of(), store().claimDue("acme", 59_999, 60_000, 10));
        assertEquals(List.of(a.id()), store().claimDue("acme", 60_000, 60_000, 10));
        EscalationRecord armed = acked.with("ACTIVE", 0, "", 0);
        assertTrue(store().transition(acked, armed, OptionalLong.of(60_000), false));
        assertFalse(store().transition(acked, armed, OptionalLong.of(60_000), false), "re-armed once");
        assertEquals(List.of(a.id()), store().claimDue("acme", 60_000, 60_000, 10));
    }

    @Test
    void ping_onAWorkingStore_isTrue() {
        assertTrue(store().ping());
    }

    @Test
    void sealedToken_isKeptPerTenant_andReplaced() {
        assertEquals(Optional.empty(), store().sealedToken("acme"));
        store().writeSealedToken("acme", "gAAAAA-first");
        store().writeSealedToken("acme", "gAAAAA-second");
        assertEquals(Optional.of("gAAAAA-second"), store().sealedToken("acme"));
        assertEquals(Optional.empty(), store().sealedToken("other"));
    }

    @Test
    void tokenLock_isHeldByOneOwner_andOnlyItsOwnerReleasesIt() {
        java.time.Duration lease = java.time.Duration.ofMinutes(1);
        org.junit.jupiter.api.Assertions.assertTrue(store().tryLockToken("acme", "replica-a", lease));
        org.junit.jupiter.api.Assertions.assertFalse(store().tryLockToken("acme", "replica-b", lease));
        org.junit.jupiter.api.Assertions.assertTrue(store().tryLockToken("other", "replica-b", lease), "locks are per tenant");
        store().unlockToken("acme", "replica-b");
        org.junit.jupiter.api.Assertions.assertFalse(store().tryLockToken("acme", "replica-b", lease), "not b's to release");
        store().unlockToken("acme", "replica-a");
        org.junit.jupiter.api.Assertions.assertTrue(store().tryLockToken("acme", "replica-b", lease));
    }
}
