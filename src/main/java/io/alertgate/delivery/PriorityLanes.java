package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.NanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One destination's outbox: a lock-free FIFO lane per {@link Priority}, drained highest first,
 * bounded in total.
 *
 * <p><b>Lane discipline.</b> {@link #poll()} takes the oldest item of the highest non-empty lane,
 * so a critical alert overtakes any backlog of lower ones; within a lane order is FIFO.
 * {@link #offer} never blocks: it inserts, evicts, or refuses, and returns at once — the HTTP
 * thread that enqueues must never wait on Slack.
 *
 * <p><b>The bound.</b> One {@link AtomicInteger} counts items queued plus slots reserved; a
 * producer reserves a slot (compare-and-set below the capacity) <em>before</em> it inserts, so
 * racing producers can never overshoot the bound together. When the outbox is full, an offer of
 * priority p evicts the oldest item of the lowest non-empty lane below p and takes over its slot
 * (the count does not change); the evicted item goes to the eviction callback so the caller can
 * coalesce it into a digest or count it — nothing vanishes silently. With no lower item to evict
 * the offer is refused ({@code false}); in particular an INFO offer into a full outbox is refused.
 *
 * <p><b>Critical is never dropped.</b> Nothing evicts CRITICAL (no lane is above it), and a
 * CRITICAL offer into an outbox full of critical items is accepted beyond the bound. The bound
 * exists to survive a storm of low-priority noise; critical alerts are few, each one may be a
 * page someone must see, and refusing one would turn overload into a lost incident. Callers that
 * must limit critical volume do so upstream (answering 503, which Alertmanager retries).
 *
 * <p><b>Counts are advisory.</b> Per-lane counters are raised before an insert and lowered after
 * a successful removal, so they never undercount and never go negative; while producers are
 * mid-offer {@link #size()} may briefly include an item {@link #poll()} cannot yet see. A
 * critical item enqueued while a poll is scanning the lower lanes is served by the next poll.
 *
 * @param <T> the queued item (a rendered message, typically)
 */
public final class PriorityLanes<T> {

    /** A queued item with its lane and the clock reading at enqueue (for age metrics). */
    public record Entry<T>(Priority priority, T item, long enqueuedNanos) {
        public Entry {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(item, "item");
        }
    }

    private static final Priority[] PRIORITIES = Priority.values(); // highest first, ordinal = lane

    private final int capacity;
    private final NanoClock clock;
    private final Consumer<Entry<T>> onEvicted;
    private final AtomicInteger total = new AtomicInteger();
    private final List<ConcurrentLinkedQueue<Entry<T>>> lanes;
    private final AtomicInteger[] laneSizes;

    /**
     * @param capacity  the most items queued at once (critical items excepted), &ge; 1
     * @param clock     time source for enqueue stamps and ages
     * @param onEvicted receives each item pushed out by a higher priority, on the offering thread
     */
    public PriorityLanes(int capacity, NanoClock clock, Consumer<Entry<T>> onEvicted) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity: must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onEvicted = Objects.requireNonNull(onEvicted, "onEvicted");
        List<ConcurrentLinkedQueue<Entry<T>>> queues = new ArrayList<>(PRIORITIES.length);
        this.laneSizes = new AtomicInteger[PRIORITIES.length];
        for (int i = 0; i < PRIORITIES.length; i++) {
            queues.add(new ConcurrentLinkedQueue<>());
            laneSizes[i] = new AtomicInteger();
        }
        this.lanes = List.copyOf(queues);
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Enqueues {@code item} in the lane of {@code priority}; never blocks.
     *
     * @return {@code true} if queued (possibly after evicting a lower item, or beyond the bound
     *     for CRITICAL); {@code false} if the outbox is full of items at or above this priority
     */
    public boolean offer(Priority priority, T item) {
        Entry<T> entry = new Entry<>(priority, item, clock.nanoTime());
        while (true) {
            if (reserveSlot()) {
                insert(entry);
                return true;
            }
            Entry<T> evicted = evictBelow(priority);
            if (evicted != null) {
                insert(entry); // takes over the evicted item's slot: the total is unchanged
                onEvicted.accept(evicted);
                return true;
            }
            if (priority == Priority.CRITICAL) {
                total.incrementAndGet(); // beyond the bound, by design
                insert(entry);
                return true;
            }
            if (total.get() >= capacity) {
                return false;
            }
            // A consumer freed a slot while we looked for a victim: try to reserve it.
        }
    }

    /** The oldest item of the highest non-empty lane, or {@code null} when all lanes are empty. */
    public T poll() {
        Entry<T> entry = pollEntry();
        return entry == null ? null : entry.item();
    }

    /** Like {@link #poll()}, with the item's lane and enqueue time. */
    public Entry<T> pollEntry() {
        for (int lane = 0; lane < lanes.size(); lane++) {
            Entry<T> entry = removeHead(lane);
            if (entry != null) {
                total.decrementAndGet();
                return entry;
            }
        }
        return null;
    }

    /** The oldest item of one lane, with its enqueue time, or {@code null} when that lane is empty. */
    public Entry<T> pollEntry(Priority priority) {
        Entry<T> entry = removeHead(priority.ordinal());
        if (entry != null) {
            total.decrementAndGet();
        }
        return entry;
    }

    /** Items queued (including offers in progress). */
    public int size() {
        return total.get();
    }

    /** Items queued in one lane (including offers in progress). */
    public int size(Priority priority) {
        return laneSizes[priority.ordinal()].get();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Age of the oldest queued item in any lane; zero when empty. */
    public Duration oldestAge() {
        long now = clock.nanoTime();
        long oldest = 0L;
        for (ConcurrentLinkedQueue<Entry<T>> lane : lanes) {
            Entry<T> head = lane.peek();
            if (head != null) {
                oldest = Math.max(oldest, now - head.enqueuedNanos());
            }
        }
        return Duration.ofNanos(oldest);
    }

    /** Age of the oldest item in one lane; zero when that lane is empty. */
    public Duration oldestAge(Priority priority) {
        Entry<T> head = lanes.get(priority.ordinal()).peek();
        return head == null ? Duration.ZERO : Duration.ofNanos(Math.max(0L, clock.nanoTime() - head.enqueuedNanos()));
    }

    /** Reserves one slot under the bound; {@code false} when the outbox is full. */
    private boolean reserveSlot() {
        while (true) {
            int n = total.get();
            if (n >= capacity) {
                return false;
            }
            if (total.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Removes the oldest item of the lowest non-empty lane strictly below {@code priority}. */
    private Entry<T> evictBelow(Priority priority) {
        for (int lane = lanes.size() - 1; lane > priority.ordinal(); lane--) {
            Entry<T> victim = removeHead(lane);
            if (victim != null) {
                return victim;
            }
        }
        return null;
    }

    private void insert(Entry<T> entry) {
        int lane = entry.priority().ordinal();
        laneSizes[lane].incrementAndGet(); // before the item is visible: the count never undercounts
        lanes.get(lane).offer(entry);
    }

    private Entry<T> removeHead(int lane) {
        Entry<T> entry = lanes.get(lane).poll();
        if (entry != null) {
            laneSizes[lane].decrementAndGet();
        }
        return entry;
    }
}
