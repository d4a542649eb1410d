package io.alertgate.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outbox in one process's memory: lost on restart, so it only gives what the engine already
 * gives without Redis. It exists to hold {@link OutboxStore}'s contract in a form tests can run
 * without a server, and {@link #consumer} views of one {@link Shared} space behave as replicas on
 * one Redis would (ownership, idle take-over), with time from an injected clock.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    /** The space several consumers share, as they would share one Redis. */
    public static final class Shared {
        private record Held(Map<String, String> fields, String owner, long touchedMillis) {}

        private final Clock clock;
        private final Map<String, LinkedHashMap<String, Held>> byTenant = new LinkedHashMap<>();
        private long sequence;

        public Shared(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public InMemoryOutboxStore consumer(String name) {
            return new InMemoryOutboxStore(this, name);
        }

        private LinkedHashMap<String, Held> tenant(String t) {
            return byTenant.computeIfAbsent(t, k -> new LinkedHashMap<>());
        }
    }

    private final Shared shared;
    private final String consumer;

    private InMemoryOutboxStore(Shared shared, String consumer) {
        this.shared = shared;
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public String append(String tenant, Map<String, String> fields) {
        synchronized (shared) {
            long now = shared.clock.millis();
            String id = now + "-" + (++shared.sequence);
            shared.tenant(tenant).put(id, new Shared.Held(Map.copyOf(fields), consumer, now));
            return id;
        }
    }

    @Override
    public void remove(String tenant, String id) {
        synchronized (shared) {
            shared.tenant(tenant).remove(id);
        }
    }

    @Override
    public List<Entry> owned(String tenant, int limit) {
        synchronized (shared) {
            List<Entry> out = new ArrayList<>();
            for (var e : shared.tenant(tenant).entrySet()) {
                if (out.size() >= limit) break;
                if (e.getValue().owner().equals(consumer)) out.add(new Entry(tenant, e.getKey(), e.getValue().fields()));
            }
            return out;
        }
    }

    @Override
    public List<Entry> claimIdle(String tenant, Duration minIdle, int limit) {
        synchronized (shared) {
            long now = shared.clock.millis();
            List<Entry> out = new ArrayList<>();
            for (var e : shared.tenant(tenant).entrySet()) {
                if (out.size() >= limit) break;
                Shared.Held h = e.getValue();
                if (now - h.touchedMillis() < minIdle.toMillis()) continue;
                e.setValue(new Shared.Held(h.fields(), consumer, now));
                out.add(new Entry(tenant, e.getKey(), h.fields()));
            }
            return out;
        }
    }

    @Override
    public void touch(String tenant, Collection<String> ids) {
        synchronized (shared) {
            long now = shared.clock.millis();
            var entries = shared.tenant(tenant);
            for (String id : ids) {
                entries.computeIfPresent(id, (k, h) -> h.owner().equals(consumer) ? new Shared.Held(h.fields(), consumer, now) : h);
            }
        }
    }
}
