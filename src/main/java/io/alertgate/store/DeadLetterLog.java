package io.alertgate.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dead letters as flat string fields, bounded: past the bound the oldest are forgotten. The Redis
 * implementation is {@link RedisDeadLetterLog}; without Redis the delivery package keeps dead
 * letters in memory itself. Every method may throw {@link StoreException}.
 */
public interface DeadLetterLog {

    /** One kept dead letter: its id (a Redis stream id) and its fields as added. */
    record Entry(String id, Map<String, String> fields) {
        public Entry {
            fields = Map.copyOf(fields);
        }
    }

    /** Keeps {@code fields} and returns their id. */
    String add(Map<String, String> fields);

    /** Everything kept, oldest first. */
    List<Entry> list();

    /** Removes and returns one entry; empty when no such id is kept. Atomic: two callers never both get it. */
    Optional<Entry> take(String id);
}
