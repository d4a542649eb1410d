package io.alertgate.delivery;

import io.alertgate.store.OutboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The journal in an {@link OutboxStore} (Redis streams): each delivery encoded by
 * {@link DeliveryCodec}, without secrets.
 *
 * <p>Design note: the ids this process holds (written or recovered, not yet settled) are kept in
 * memory per tenant. {@link #recover} touches them first — resetting their idle time in Redis, so
 * no replica takes them over while this one lives — then asks the store for its own entries from
 * a previous process (first call only) and for entries idle past {@code minIdle}; an id this process
 * already holds is skipped, so a late touch can never make it send one message twice.
 */
public final class StoredJournal implements OutboxJournal {
    /** Most entries taken over per tenant in one {@link #recover}; the rest come with the next call. */
    public static final int RECOVER_BATCH = 1_000;
    /** Most own entries read back at start, per tenant (the engine holds at most 10,000 per destination). */
    static final int OWNED_AT_START = 100_000;
    private static final System.Logger LOG = System.getLogger("io.alertgate.delivery");

    private final OutboxStore store;
    private final DeliveryCodec codec;
    private final Supplier<? extends Iterable<String>> tenants;
    private final Duration minIdle;
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * @param tenants the tenants whose outboxes this process recovers (the configured ones, read at each call)
     * @param minIdle how long another replica's entry must have gone untouched before this one takes it over
     */
    public StoredJournal(OutboxStore store, DestinationResolver resolver, Supplier<? extends Iterable<String>> tenants,
            Duration minIdle) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = new DeliveryCodec(resolver);
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.minIdle = Objects.requireNonNull(minIdle, "minIdle");
    }

    @Override
    public String write(Delivery delivery) {
        String id = store.append(delivery.tenant(), DeliveryCodec.encode(delivery));
        held(delivery.tenant()).add(id);
        return id;
    }

    @Override
    public void settle(String tenant, String id) {
        try {
            store.remove(tenant, id);
            held(tenant).remove(id);
        } catch (RuntimeException e) {
            // Still held, so still touched: it stays ours, and is sent again after a restart.
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: could not remove outbox entry {1} after delivery"
                    + " ({2}); it will be sent again after a restart", tenant, id, e.getMessage());
        }
    }

    @Override
    public List<Journaled> recover() {
        List<Journaled> out = new ArrayList<>();
        boolean first = !started;
        for (String tenant : tenants.get()) {
            try {
                Set<String> mine = held(tenant);
                if (!mine.isEmpty()) store.touch(tenant, List.copyOf(mine));
                List<OutboxStore.Entry> found = new ArrayList<>();
                if (first) found.addAll(store.owned(tenant, OWNED_AT_START));
                found.addAll(store.claimIdle(tenant, minIdle, RECOVER_BATCH));
                for (OutboxStore.Entry e : found) {
                    if (!mine.add(e.id())) continue;
                    try {
                        out.add(new Journaled(e.id(), codec.decode(e.fields())));
                    } catch (IllegalArgumentException bad) {
                        LOG.log(System.Logger.Level.ERROR, "tenant {0}: outbox entry {1} cannot be read ({2}); removed",
                                tenant, e.id(), bad.getMessage());
                        settle(tenant, e.id());
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "tenant {0}: outbox recovery failed ({1}); retried later",
                        tenant, e.getMessage());
                if (first) return out; // keep `started` false so the own-entries scan is repeated
            }
        }
        started = true;
        return out;
    }

    /** Ids this process holds, per tenant (for tests and the unsent count at shutdown). */
    public int held() {
        return held.values().stream().mapToInt(Set::size).sum();
    }

    private Set<String> held(String tenant) {
        return held.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet());
    }
}
