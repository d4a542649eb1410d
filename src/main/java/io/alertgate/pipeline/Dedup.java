package io.alertgate.pipeline;

import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.store.IdempotencyKeys;
import io.alertgate.store.Sha256;
import io.alertgate.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recognises a notification already accepted: the same one from the other member of an
 * Alertmanager HA pair (when their gossip lags or is cut) or Alertmanager retrying after a timeout.
 *
 * <p>The idempotency key is the SHA-256 of what makes a notification distinct: tenant, {@code receiver},
 * {@code groupKey}, group {@code status}, {@code truncatedAlerts}, {@code notification_reason}
 * (sent by Alertmanager 0.28+, "" before — Debian's 0.25 has none) and the sorted list of each
 * alert's fingerprint with its status and {@code startsAt} (an alert without a fingerprint counts
 * by its sorted labels). {@code startsAt} comes from Prometheus, the same at both members of a
 * pair, and tells a re-fire after a resolve (a new {@code startsAt}) from a copy. {@code endsAt},
 * annotations and URLs are left out: they may differ between the members (an alert resolved by
 * {@code resolve_timeout} gets each member's own {@code endsAt}) for what is the same notification.
 *
 * <p>Design note: the key is claimed before the notification is routed and released when it was
 * refused (HTTP 503), so only accepted notifications hold a key. Claiming first (rather than
 * checking, then setting after acceptance) is what makes two copies arriving at the same moment
 * on two replicas post once. If the store cannot be reached the notification goes through
 * unchecked: a duplicate message is better than a lost alert.
 */
public final class Dedup {
    private static final System.Logger LOG = System.getLogger("io.alertgate.pipeline");

    /** Checks nothing: every notification is new. */
    public static final Dedup OFF = new Dedup(null, Duration.ZERO);

    private final IdempotencyKeys keys;
    private final Duration ttl;

    /**
     * @param keys where keys are held (in memory, or Redis for replicas)
     * @param ttl how long an accepted notification's key is held; zero turns dedup off
     */
    public Dedup(IdempotencyKeys keys, Duration ttl) {
        this.keys = keys;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) throw new IllegalArgumentException("ttl must be >= 0");
        if (!ttl.isZero()) Objects.requireNonNull(keys, "keys");
    }

    /**
     * What {@link #claim} found.
     *
     * @param key the idempotency key (hex SHA-256), "" when not checked
     * @param duplicate the key was held: the same notification was accepted within the TTL
     * @param held this call holds the key now and must {@link #release} it if the notification is refused
     */
    public record Claim(String key, boolean duplicate, boolean held) {
        static final Claim UNCHECKED = new Claim("", false, false);
    }

    /** Claims {@code group}'s key for {@code tenant}; never throws for an unreachable store (see the class note). */
    public Claim claim(String tenant, AlertGroup group) {
        if (ttl.isZero()) return Claim.UNCHECKED;
        String key = key(tenant, group);
        try {
            boolean first = keys.claim(tenant, key, ttl);
            return new Claim(key, !first, first);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: duplicate check skipped, store failed: {1}", tenant,
                    e.getMessage());
            return Claim.UNCHECKED;
        }
    }

    /** Lets go of a held key (the notification was refused, so Alertmanager's retry must pass). */
    public void release(String tenant, Claim claim) {
        if (!claim.held()) return;
        try {
            keys.release(tenant, claim.key());
        } catch (StoreException e) {
            // The key then blocks the retry until its TTL ends; say so, as the retry will be dropped.
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: idempotency key of a refused notification not released "
                    + "(its retry within {1}s will be taken for a duplicate): {2}", tenant, ttl.toSeconds(), e.getMessage());
        }
    }

    /** The idempotency key of {@code group} for {@code tenant}: 64 hex characters. */
    public static String key(String tenant, AlertGroup group) {
        List<String> alerts = new ArrayList<>(group.alerts().size());
        for (Alert a : group.alerts()) {
            String id = a.fingerprint().isEmpty() ? labels(a.labels().asMap()) : a.fingerprint();
            alerts.add(id + "=" + a.status().wireName() + "@" + a.startsAt());
        }
        alerts.sort(null);
        StringBuilder b = new StringBuilder(64 + 24 * alerts.size());
        // Each part length-prefixed, so no value can imitate a separator.
        for (String part : List.of(tenant, group.receiver(), group.groupKey(), group.status().wireName(),
                Integer.toString(group.truncatedAlerts()), group.notificationReason())) {
            b.append(part.length()).append(':').append(part);
        }
        for (String a : alerts) b.append(a.length()).append(':').append(a);
        return Sha256.hex(b.toString());
    }

    private static String labels(Map<String, String> sorted) {
        StringBuilder b = new StringBuilder("{");
        for (var e : sorted.entrySet()) {
            b.append(e.getKey().length()).append(':').append(e.getKey()).append(e.getValue().length()).append(':')
                    .append(e.getValue());
        }
        return b.append('}').toString();
    }
}
