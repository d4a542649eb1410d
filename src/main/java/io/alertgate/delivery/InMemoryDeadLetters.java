package io.alertgate.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dead letters in memory, at most {@code capacity}; past it the oldest is forgotten, and logged
 * with a running count, because an unbounded list would turn a long Slack outage into an
 * out-of-memory crash. Lost on restart (the Redis store keeps them).
 */
public final class InMemoryDeadLetters implements DeadLetters {
    public static final int DEFAULT_CAPACITY = 10_000;
    private static final System.Logger LOG = System.getLogger("io.alertgate.delivery");

    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<String, DeadLetter> letters = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private long forgotten;

    public InMemoryDeadLetters(int capacity, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("dead letter capacity: must be >= 1, got " + capacity);
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized DeadLetter add(Delivery delivery, String reason, String errorCode, int attempts) {
        String id = "dl-" + sequence.incrementAndGet();
        DeadLetter letter = new DeadLetter(id, delivery, reason, errorCode, attempts, clock.instant());
        letters.put(id, letter);
        if (letters.size() > capacity) {
            letters.pollFirstEntry();
            forgotten++;
            LOG.log(System.Logger.Level.ERROR, "dead letters full ({0}): forgot the oldest, {1} forgotten so far",
                    capacity, forgotten);
        }
        return letter;
    }

    @Override
    public synchronized List<DeadLetter> list() {
        return List.copyOf(letters.values());
    }

    @Override
    public synchronized Optional<DeadLetter> take(String id) {
        return Optional.ofNullable(letters.remove(id));
    }
}
