package io.alertgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link OutboxStore} guarantees; run against memory and a real redis-server. */
abstract class OutboxStoreContract {
    static final Duration IDLE = Duration.ofMillis(300);

    /** A view of the one shared outbox as the consumer {@code name} (a replica) sees it. */
    abstract OutboxStore consumer(String name);

    /** Lets at least {@code d} pass for idle times (a fake clock advances; Redis's real clock is waited for). */
    abstract void passes(Duration d) throws InterruptedException;

    private static List<String> ids(List<OutboxStore.Entry> entries) {
        return entries.stream().map(OutboxStore.Entry::id).toList();
    }

    @Test
    void append_thenOwned_returnsTheEntryWithItsFieldsUnchanged() {
        OutboxStore a = consumer("a");
        Map<String, String> fields = Map.of("text", "Ünïcødé 🚨 <b>&amp;", "blocks", "[{\"type\":\"section\"}]",
                "big", "x".repeat(100_000), "empty", "");
        String id = a.append("acme", fields);
        List<OutboxStore.Entry> owned = a.owned("acme", 10);
        assertEquals(List.of(new OutboxStore.Entry("acme", id, fields)), owned);
    }

    @Test
    void owned_listsOnlyTheConsumersOwnEntriesOldestFirst() {
        OutboxStore a = consumer("a");
        OutboxStore b = consumer("b");
        String first = a.append("acme", Map.of("n", "1"));
        b.append("acme", Map.of("n", "2"));
        String third = a.append("acme", Map.of("n", "3"));
        assertEquals(List.of(first, third), ids(a.owned("acme", 10)));
        assertEquals(List.of(first), ids(a.owned("acme", 1)));
        assertNotEquals(first, third);
    }

    @Test
    void remove_forgetsTheEntryAndIsIdempotent() {
        OutboxStore a = consumer("a");
        String id = a.append("acme", Map.of("n", "1"));
        a.remove("acme", id);
        a.remove("acme", id);
        assertEquals(List.of(), a.owned("acme", 10));
    }

    @Test
    void tenants_areSeparate() {
        OutboxStore a = consumer("a");
        a.append("acme", Map.of("n", "1"));
        assertEquals(List.of(), a.owned("globex", 10));
    }

    @Test
    void claimIdle_beforeTheMinimumIdleTime_takesNothing() {
        consumer("a").append("acme", Map.of("n", "1"));
        assertEquals(List.of(), consumer("b").claimIdle("acme", Duration.ofHours(1), 10));
    }

    @Test
    void claimIdle_afterTheOwnerWentQuiet_movesItsEntriesToTheClaimer() throws Exception {
        OutboxStore a = consumer("a");
        OutboxStore b = consumer("b");
        String id = a.append("acme", Map.of("n", "1"));
        passes(IDLE);
        assertEquals(List.of(id), ids(b.claimIdle("acme", IDLE, 10)));
        assertEquals(List.of(id), ids(b.owned("acme", 10)));
        assertEquals(List.of(), a.owned("acme", 10));
        assertEquals(List.of(), consumer("c").claimIdle("acme", IDLE, 10), "just claimed: not idle any more");
    }

    @Test
    void touch_keepsTheOwnersEntriesFromBeingClaimed() throws Exception {
        OutboxStore a = consumer("a");
        String id = a.append("acme", Map.of("n", "1"));
        passes(IDLE);
        a.touch("acme", List.of(id));
        assertEquals(List.of(), consumer("b").claimIdle("acme", IDLE, 10));
        assertEquals(List.of(id), ids(a.owned("acme", 10)));
    }

    @Test
    void touch_ofAnEntryAnotherConsumerTookOver_leavesItWithThatConsumer() throws Exception {
        OutboxStore a = consumer("a");
        OutboxStore b = consumer("b");
        String id = a.append("acme", Map.of("n", "1"));
        passes(IDLE);
        b.claimIdle("acme", IDLE, 10);
        a.touch("acme", List.of(id));
        assertEquals(List.of(), a.owned("acme", 10));
        assertEquals(List.of(id), ids(b.owned("acme", 10)));
    }

    @Test
    void claimIdle_byTwoConsumersAtOnce_handsEachEntryToExactlyOne() throws Exception {
        OutboxStore dead = consumer("dead");
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 300; i++) all.add(dead.append("acme", Map.of("n", Integer.toString(i))));
        passes(IDLE);
        OutboxStore b = consumer("b");
        OutboxStore c = consumer("c");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Callable<List<String>> claimB = () -> claimAll(b);
            Callable<List<String>> claimC = () -> claimAll(c);
            Future<List<String>> fb = pool.submit(claimB);
            Future<List<String>> fc = pool.submit(claimC);
            List<String> byB = fb.get();
            List<String> byC = fc.get();
            Set<String> both = new HashSet<>(byB);
            both.retainAll(byC);
            assertEquals(Set.of(), both, "claimed by both");
            Set<String> union = new HashSet<>(byB);
            union.addAll(byC);
            assertEquals(all, union);
            assertEquals(300, byB.size() + byC.size());
        }
    }

    /** Claims in small batches until nothing idle is left. */
    private static List<String> claimAll(OutboxStore s) {
        List<String> out = new ArrayList<>();
        List<OutboxStore.Entry> got;
        while (!(got = s.claimIdle("acme", IDLE, 7)).isEmpty()) out.addAll(ids(got));
        return out;
    }

    @Test
    void appendedIds_areUniqueUnderConcurrentAppends() throws Exception {
        OutboxStore a = consumer("a");
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> a.append("acme", Map.of("n", Integer.toString(n)))));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<String> f : futures) ids.add(f.get());
        assertEquals(200, ids.size());
        assertTrue(a.owned("acme", 1_000).size() == 200);
    }
}
