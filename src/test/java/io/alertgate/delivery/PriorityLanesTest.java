package io.alertgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.FakeNanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PriorityLanesTest {

    private final FakeNanoClock clock = new FakeNanoClock();
    private final List<PriorityLanes.Entry<String>> evicted = new ArrayList<>();

    private PriorityLanes<String> lanes(int capacity) {
        return new PriorityLanes<>(capacity, clock, evicted::add);
    }

    private static List<String> drain(PriorityLanes<String> lanes) {
        List<String> out = new ArrayList<>();
        for (String s = lanes.poll(); s != null; s = lanes.poll()) {
            out.add(s);
        }
        return out;
    }

    @Test
    void poll_onEmptyLanes_returnsNull() {
        PriorityLanes<String> lanes = lanes(10);
        assertNull(lanes.poll());
        assertTrue(lanes.isEmpty());
    }

    @Test
    void poll_takesTheHighestNonEmptyLaneFirst() {
        PriorityLanes<String> lanes = lanes(10);
        lanes.offer(Priority.INFO, "info");
        lanes.offer(Priority.MEDIUM, "medium");
        lanes.offer(Priority.CRITICAL, "critical");
        lanes.offer(Priority.LOW, "low");
        lanes.offer(Priority.HIGH, "high");

        assertEquals(List.of("critical", "high", "medium", "low", "info"), drain(lanes));
    }

    @Test
    void poll_withinALane_isFifo() {
        PriorityLanes<String> lanes = lanes(10);
        lanes.offer(Priority.HIGH, "h1");
        lanes.offer(Priority.LOW, "l1");
        lanes.offer(Priority.HIGH, "h2");
        lanes.offer(Priority.LOW, "l2");
        lanes.offer(Priority.HIGH, "h3");

        assertEquals(List.of("h1", "h2", "h3", "l1", "l2"), drain(lanes));
    }

    @Test
    void aCritical_overtakesABacklogOfAThousandLowItems() {
        PriorityLanes<String> lanes = lanes(2_000);
        for (int i = 0; i < 1_000; i++) {
            lanes.offer(Priority.LOW, "low-" + i);
        }
        lanes.offer(Priority.CRITICAL, "critical");

        assertEquals("critical", lanes.poll());
        assertEquals("low-0", lanes.poll());
    }

    @Test
    void size_countsTotalAndPerLane() {
        PriorityLanes<String> lanes = lanes(10);
        lanes.offer(Priority.HIGH, "a");
        lanes.offer(Priority.HIGH, "b");
        lanes.offer(Priority.INFO, "c");

        assertEquals(3, lanes.size());
        assertEquals(2, lanes.size(Priority.HIGH));
        assertEquals(1, lanes.size(Priority.INFO));
        assertEquals(0, lanes.size(Priority.CRITICAL));

        lanes.poll();
        assertEquals(2, lanes.size());
        assertEquals(1, lanes.size(Priority.HIGH));
    }

    @Test
    void offer_whenFull_evictsTheOldestOfTheLowestLaneBelow() {
        PriorityLanes<String> lanes = lanes(3);
        lanes.offer(Priority.MEDIUM, "m1");
        lanes.offer(Priority.INFO, "i1");
        lanes.offer(Priority.INFO, "i2");

        assertTrue(lanes.offer(Priority.HIGH, "h1"));

        assertEquals(1, evicted.size());
        assertEquals("i1", evicted.get(0).item());
        assertEquals(Priority.INFO, evicted.get(0).priority());
        assertEquals(3, lanes.size());
        assertEquals(List.of("h1", "m1", "i2"), drain(lanes));
    }

    @Test
    void offer_whenFull_skipsEmptyLowerLanesToFindAVictim() {
        PriorityLanes<String> lanes = lanes(2);
        lanes.offer(Priority.HIGH, "h1");
        lanes.offer(Priority.MEDIUM, "m1");

        assertTrue(lanes.offer(Priority.HIGH, "h2"));
        assertEquals("m1", evicted.get(0).item());
    }

    @Test
    void offer_whenFullOfEqualOrHigherPriority_isRefused() {
        PriorityLanes<String> lanes = lanes(2);
        lanes.offer(Priority.HIGH, "h1");
        lanes.offer(Priority.MEDIUM, "m1");

        assertFalse(lanes.offer(Priority.MEDIUM, "m2"));
        assertTrue(evicted.isEmpty());
        assertEquals(List.of("h1", "m1"), drain(lanes));
    }

    @Test
    void offer_ofLowestPriority_whenFull_isRefused() {
        PriorityLanes<String> lanes = lanes(2);
        lanes.offer(Priority.INFO, "i1");
        lanes.offer(Priority.INFO, "i2");

        assertFalse(lanes.offer(Priority.INFO, "i3"));
        assertEquals(2, lanes.size());
        assertTrue(evicted.isEmpty());
    }

    @Test
    void offer_ofCritical_whenFull_evictsALowerItemFirst() {
        PriorityLanes<String> lanes = lanes(2);
        lanes.offer(Priority.CRITICAL, "c1");
        lanes.offer(Priority.LOW, "l1");

        assertTrue(lanes.offer(Priority.CRITICAL, "c2"));
        assertEquals("l1", evicted.get(0).item());
        assertEquals(2, lanes.size());
    }

    @Test
    void offer_ofCritical_whenFullOfCritical_exceedsTheBoundAndDropsNothing() {
        PriorityLanes<String> lanes = lanes(2);
        for (int i = 0; i < 5; i++) {
            assertTrue(lanes.offer(Priority.CRITICAL, "c" + i));
        }

        assertEquals(5, lanes.size());
        assertTrue(evicted.isEmpty());
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), drain(lanes));
        assertEquals(0, lanes.size());
    }

    @Test
    void critical_isNeverEvicted() {
        PriorityLanes<String> lanes = lanes(3);
        lanes.offer(Priority.CRITICAL, "c1");
        lanes.offer(Priority.CRITICAL, "c2");
        lanes.offer(Priority.CRITICAL, "c3");
        for (Priority p : Priority.values()) {
            if (p != Priority.CRITICAL) {
                assertFalse(lanes.offer(p, "x"));
            }
        }
        assertTrue(evicted.isEmpty());
        assertEquals(3, lanes.size(Priority.CRITICAL));
    }

    @Test
    void offer_afterAPollFreesASlot_acceptsWithoutEvicting() {
        PriorityLanes<String> lanes = lanes(1);
        lanes.offer(Priority.INFO, "i1");
        lanes.poll();

        assertTrue(lanes.offer(Priority.INFO, "i2"));
        assertTrue(evicted.isEmpty());
    }

    @Test
    void oldestAge_isMeasuredFromTheInjectedClock() {
        PriorityLanes<String> lanes = lanes(10);
        assertEquals(Duration.ZERO, lanes.oldestAge());

        lanes.offer(Priority.LOW, "old");
        clock.advance(Duration.ofSeconds(30));
        lanes.offer(Priority.CRITICAL, "new");
        clock.advance(Duration.ofSeconds(5));

        assertEquals(Duration.ofSeconds(35), lanes.oldestAge());
        assertEquals(Duration.ofSeconds(5), lanes.oldestAge(Priority.CRITICAL));
        assertEquals(Duration.ZERO, lanes.oldestAge(Priority.HIGH));

        PriorityLanes.Entry<String> first = lanes.pollEntry();
        assertEquals(Priority.CRITICAL, first.priority());
        assertEquals(clock.nanoTime() - Duration.ofSeconds(5).toNanos(), first.enqueuedNanos());
    }

    @Test
    void concurrentProducers_oneConsumer_everyItemDeliveredOrEvictedExactlyOnce() throws Exception {
        int producers = 6;
        int perProducer = 5_000;
        Priority[] priorities = Priority.values();
        ConcurrentLinkedQueue<String> evictedItems = new ConcurrentLinkedQueue<>();
        PriorityLanes<String> lanes = new PriorityLanes<>(64, clock, e -> evictedItems.add(e.item()));
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger refusedCritical = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);

        List<String> delivered = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                running.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        Priority priority = priorities[(i * 7 + producer) % priorities.length];
                        String item = priority + "/" + producer + "/" + i;
                        if (lanes.offer(priority, item)) {
                            accepted.add(item);
                        } else {
                            refused.incrementAndGet();
                            if (priority == Priority.CRITICAL) {
                                refusedCritical.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();

            // The consumer: bounded, so a bug fails the test instead of hanging it.
            long spins = 0;
            long maxSpins = 500_000_000L;
            while (!(running.stream().allMatch(Future::isDone) && lanes.isEmpty())) {
                String item = lanes.poll();
                if (item != null) {
                    delivered.add(item);
                } else {
                    Thread.onSpinWait();
                }
                if (++spins > maxSpins) {
                    fail("consumer did not finish within " + maxSpins + " polls");
                }
            }
            for (Future<?> f : running) {
                f.get(); // surface producer exceptions
            }
        }

        assertEquals(0, refusedCritical.get(), "a critical offer was refused");
        assertEquals(producers * perProducer, accepted.size() + refused.get());
        Set<String> deliveredSet = new HashSet<>(delivered);
        assertEquals(delivered.size(), deliveredSet.size(), "an item was delivered twice");
        Set<String> evictedSet = new HashSet<>(evictedItems);
        assertEquals(evictedItems.size(), evictedSet.size(), "an item was evicted twice");
        for (String item : evictedSet) {
            assertFalse(deliveredSet.contains(item), "evicted and delivered: " + item);
            assertFalse(item.startsWith("CRITICAL"), "critical evicted: " + item);
        }
        Set<String> accounted = new HashSet<>(deliveredSet);
        accounted.addAll(evictedSet);
        assertEquals(new HashSet<>(accepted), accounted);
        assertEquals(0, lanes.size());
        for (Priority p : priorities) {
            assertEquals(0, lanes.size(p));
        }
    }
}
