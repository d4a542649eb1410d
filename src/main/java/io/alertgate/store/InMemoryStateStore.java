package io.alertgate.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The embedded default: everything in this process's memory, one lock for all of it (escalations
 * are few; contention is not a concern). Lost on restart; not shared between replicas.
 */
public final class InMemoryStateStore implements StateStore {
    private record Key(String tenant, String name) {}

    private final Map<Key, EscalationRecord> escalations = new HashMap<>();
    private final Map<Key, String> unfinishedByGroup = new HashMap<>();
    private final Map<Key, Long> due = new HashMap<>();
    private final Map<Key, Long> leased = new HashMap<>();
    private final Map<Key, Map<String, MessageRef>> messages = new HashMap<>();

    @Override
    public synchronized EscalationRecord createIfAbsent(EscalationRecord fresh, long firstDueMillis) {
        String existing = unfinishedByGroup.get(new Key(fresh.tenant(), fresh.groupKey()));
        if (existing != null) return escalations.get(new Key(fresh.tenant(), existing));
        unfinishedByGroup.put(new Key(fresh.tenant(), fresh.groupKey()), fresh.id());
        escalations.put(new Key(fresh.tenant(), fresh.id()), fresh);
        due.put(new Key(fresh.tenant(), fresh.id()), firstDueMillis);
        return fresh;
    }

    @Override
    public synchronized Optional<EscalationRecord> get(String tenant, String id) {
        return Optional.ofNullable(escalations.get(new Key(tenant, id)));
    }

    @Override
    public synchronized Optional<EscalationRecord> byGroup(String tenant, String groupKey) {
        String id = unfinishedByGroup.get(new Key(tenant, groupKey));
        return id == null ? Optional.empty() : get(tenant, id);
    }

    @Override
    public synchronized List<EscalationRecord> unfinished(String tenant) {
        List<EscalationRecord> out = new ArrayList<>();
        for (var e : unfinishedByGroup.entrySet()) {
            if (e.getKey().tenant().equals(tenant)) out.add(escalations.get(new Key(tenant, e.getValue())));
        }
        return out;
    }

    @Override
    public synchronized boolean transition(EscalationRecord from, EscalationRecord to, OptionalLong nextDueMillis,
            boolean finished) {
        Key k = new Key(from.tenant(), from.id());
        EscalationRecord stored = escalations.get(k);
        if (stored == null || !stored.state().equals(from.state()) || stored.step() != from.step()) return false;
        escalations.put(k, to);
        leased.remove(k);
        due.remove(k);
        if (nextDueMillis.isPresent()) due.put(k, nextDueMillis.getAsLong());
        if (finished) unfinishedByGroup.remove(new Key(from.tenant(), from.groupKey()), from.id());
        return true;
    }

    @Override
    public synchronized List<String> claimDue(String tenant, long nowMillis, long leaseMillis, int limit) {
        List<String> out = new ArrayList<>();
        for (Map<Key, Long> source : List.of(leased, due)) {
            for (var e : List.copyOf(source.entrySet())) {
                if (out.size() >= limit) return out;
                if (!e.getKey().tenant().equals(tenant) || e.getValue() > nowMillis) continue;
                source.remove(e.getKey());
                leased.put(e.getKey(), nowMillis + leaseMillis);
                out.add(e.getKey().name());
            }
        }
        return out;
    }

    @Override
    public synchronized void release(String tenant, String id) {
        leased.remove(new Key(tenant, id));
    }

    @Override
    public synchronized void remember(String tenant, String groupKey, String destination, MessageRef ref) {
        messages.computeIfAbsent(new Key(tenant, groupKey), k -> new LinkedHashMap<>()).put(destination, ref);
    }

    @Override
    public synchronized Optional<MessageRef> find(String tenant, String groupKey, String destination) {
        return Optional.ofNullable(messages.getOrDefault(new Key(tenant, groupKey), Map.of()).get(destination));
    }

    @Override
    public synchronized Map<String, MessageRef> all(String tenant, String groupKey) {
        return Map.copyOf(messages.getOrDefault(new Key(tenant, groupKey), Map.of()));
    }

    @Override
    public synchronized void forget(String tenant, String groupKey) {
        messages.remove(new Key(tenant, groupKey));
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {}

    private final Map<String, String> sealedTokens = new HashMap<>();
    /** tenant → (owner, lease end in ms of the JVM's monotonic clock). */
    private final Map<String, Map.Entry<String, Long>> tokenLocks = new HashMap<>();

    @Override
    public synchronized Optional<String> sealedToken(String tenant) {
        return Optional.ofNullable(sealedTokens.get(tenant));
    }

    @Override
    public synchronized void writeSealedToken(String tenant, String sealed) {
        sealedTokens.put(tenant, sealed);
    }

    @Override
    public synchronized boolean tryLockToken(String tenant, String owner, java.time.Duration lease) {
        long now = System.nanoTime() / 1_000_000; // a lease length, not a time of day (as Redis's PX)
        var held = tokenLocks.get(tenant);
        if (held != null && held.getValue() - now > 0) return false;
        tokenLocks.put(tenant, Map.entry(owner, now + lease.toMillis()));
        return true;
    }

    @Override
    public synchronized void unlockToken(String tenant, String owner) {
        var held = tokenLocks.get(tenant);
        if (held != null && held.getKey().equals(owner)) tokenLocks.remove(tenant);
    }
}
