package io.alertgate.bench;

import io.alertgate.alert.Priority;
import io.alertgate.delivery.DeliveryEngine;
import io.alertgate.delivery.PriorityLanes;
import io.alertgate.resilience.NanoClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One destination's outbox ({@link PriorityLanes}) under 2 producers and 1 consumer, as the HTTP
 * threads and the destination's dispatcher use it: {@code offer} and {@code poll} run at the same time
 * in one JMH group ({@link GroupThreads @GroupThreads(2)} offering, {@code (1)} polling) and JMH
 * reports each side's time per call.
 *
 * <p>The outbox has the engine's default bound ({@link DeliveryEngine#DEFAULT_CAPACITY_PER_DESTINATION}).
 * Producers cycle through {@link #OFFER_PATTERN} (1 critical in 64, the rest spread over the lower
 * lanes), so the consumer scans past empty higher lanes as in a storm of warnings. Two producers
 * outrun one consumer, so the outbox fills: then an offer evicts a lower item or is refused — the
 * counters {@code accepted} (evictions included), {@code refused} (offers) and {@code polled},
 * {@code empty} (polls), and the {@code evicted} line printed after each iteration, say which paths
 * the figures are made of.
 *
 * <p>Run: {@code bench/run-jmh PriorityLanesBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PriorityLanesBenchmark {

    /** 3 high, 6 medium, 4 low, 2 info per 15: mostly warnings, as in a storm. */
    static final Priority[] NON_CRITICAL_CYCLE = {
        Priority.MEDIUM, Priority.LOW, Priority.HIGH, Priority.MEDIUM, Priority.INFO,
        Priority.MEDIUM, Priority.LOW, Priority.HIGH, Priority.MEDIUM, Priority.LOW,
        Priority.MEDIUM, Priority.INFO, Priority.HIGH, Priority.MEDIUM, Priority.LOW,
    };

    /**
     * The priorities a producer offers, in turn: 1 critical in 64, the rest cycling through
     * {@link #NON_CRITICAL_CYCLE}. Criticals are never evicted and are queued beyond the bound, so with
     * more of them than the one consumer drains (1 in 16 was tried) they pile up without limit and each
     * iteration measures a longer queue than the last.
     */
    static final Priority[] OFFER_PATTERN = offerPattern(64);

    private static Priority[] offerPattern(int length) {
        Priority[] pattern = new Priority[length];
        pattern[0] = Priority.CRITICAL;
        for (int i = 1; i < length; i++) {
            pattern[i] = NON_CRITICAL_CYCLE[(i - 1) % NON_CRITICAL_CYCLE.length];
        }
        return pattern;
    }

    /** The item every producer offers: the benchmark measures the outbox, not building messages. */
    private static final Object ITEM = new Object();

    /** One outbox shared by the group's three threads; a fresh, empty one for each iteration. */
    @State(Scope.Group)
    public static class Outbox {
        final LongAdder evictions = new LongAdder();
        PriorityLanes<Object> lanes;

        @Setup(Level.Iteration)
        public void setUp() {
            lanes = new PriorityLanes<>(
                    DeliveryEngine.DEFAULT_CAPACITY_PER_DESTINATION, NanoClock.system(), evicted -> evictions.increment());
        }

        @TearDown(Level.Iteration)
        public void report() {
            System.out.printf("evicted %d, queued at the end %d%n", evictions.sumThenReset(), lanes.size());
        }
    }

    /** Per-thread state and tallies, printed by JMH beside the scores. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        int next;
        public long accepted;
        public long refused;
        public long polled;
        public long empty;

        @Setup(Level.Iteration)
        public void reset() {
            accepted = 0;
            refused = 0;
            polled = 0;
            empty = 0;
        }
    }

    @Benchmark
    @Group("offerPoll")
    @GroupThreads(2)
    public boolean offer(Outbox outbox, Counts counts) {
        Priority priority = OFFER_PATTERN[counts.next++ & (OFFER_PATTERN.length - 1)];
        boolean queued = outbox.lanes.offer(priority, ITEM);
        if (queued) {
            counts.accepted++;
        } else {
            counts.refused++;
        }
        return queued;
    }

    @Benchmark
    @Group("offerPoll")
    @GroupThreads(1)
    public Object poll(Outbox outbox, Counts counts) {
        Object item = outbox.lanes.poll();
        if (item != null) {
            counts.polled++;
        } else {
            counts.empty++;
        }
        return item;
    }
}
