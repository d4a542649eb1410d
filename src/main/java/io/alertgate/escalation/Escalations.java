package io.alertgate.escalation;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Status;
import io.alertgate.config.TenantConfig;
import io.alertgate.store.EscalationRecord;
import io.alertgate.store.EscalationStore;
import io.alertgate.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Starts, steps, acknowledges and resolves escalations: one per (tenant, groupKey), kept in an
 * {@link EscalationStore} so that replicas share them and a restart resumes them.
 *
 * <p>Design note: {@link #poll} claims due steps from the store (an atomic claim with a lease), so
 * with several replicas polling one Redis each step is posted by one of them. A step is posted
 * before its transition is written; a replica dying in between loses its lease and another one
 * posts the step again (at least once across a crash, exactly once otherwise). A step racing an
 * acknowledgement loses the compare-and-set, so nothing fires after the acknowledgement is written.
 * Store failures are logged and answered as "no escalation" on the alert path, so alerts keep
 * flowing while Redis is down; the poller retries with backoff.
 */
public final class Escalations implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.alertgate.escalation");
    /** A claimed step not settled within this time is claimed again (its replica died). */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(2);
    /** Most steps one poll claims per tenant. */
    public static final int CLAIM_BATCH = 100;
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** Longest wait between polls while the store is failing. */
    public static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(30);

    /** The answer to an acknowledgement. */
    public enum AckResult { ACKNOWLEDGED, ALREADY_ENDED, NOT_FOUND }

    private final EscalationStore store;
    /** Each tenant's current policy; a config reload changes what this supplies (read once per operation). */
    private final Supplier<Map<String, EscalationPolicy>> policies;
    private final StepPoster poster;
    private final Clock clock;
    private final Supplier<String> ids;
    private final EscalationListener listener;
    private final AckAnnouncer announcer;
    private final AtomicBoolean storeHealthy = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread poller;

    /**
     * The step an unfinished escalation fires next, for listings (the status page).
     *
     * @param step 1-based step number, at most {@link EscalationPolicy#steps()}
     * @param level the level it fires ({@code escalation.levels[].level})
     * @param delay how long after the previous step (or the start) it is due
     * @param targets the level's targets as written in the config ({@code #channel}, {@code @user}, …)
     */
    public record NextStep(int step, int level, Duration delay, List<String> targets) {
        public NextStep {
            targets = List.copyOf(targets);
        }
    }

    /**
     * @param policies each tenant's policy, by tenant id; tenants without one never escalate
     * @param ids new escalation ids' random part (hex); tests pass a counter
     */
    public Escalations(EscalationStore store, Map<String, EscalationPolicy> policies, StepPoster poster, Clock clock,
            Supplier<String> ids) {
        this(store, policies, poster, clock, ids, EscalationListener.NONE);
    }

    /** As above; {@code listener} is told of every step fired and every acknowledgement (metrics). */
    public Escalations(EscalationStore store, Map<String, EscalationPolicy> policies, StepPoster poster, Clock clock,
            Supplier<String> ids, EscalationListener listener) {
        this(store, policies, poster, clock, ids, listener, AckAnnouncer.NONE);
    }

    /** As above; {@code announcer} tells Slack of every acknowledgement (edits and thread replies). */
    public Escalations(EscalationStore store, Map<String, EscalationPolicy> policies, StepPoster poster, Clock clock,
            Supplier<String> ids, EscalationListener listener, AckAnnouncer announcer) {
        this(store, constant(policies), poster, clock, ids, listener, announcer);
    }

    /**
     * As above, with policies read at use time: a config reload that changes levels, delays,
     * targets, severities, repeat or {@code ack_expiry_minutes} applies to every step fired after it,
     * of escalations already running and new ones. A step already scheduled keeps its due time.
     *
     * @param policies each tenant's current policy by tenant id; called once per operation
     */
    public Escalations(EscalationStore store, Supplier<Map<String, EscalationPolicy>> policies, StepPoster poster,
            Clock clock, Supplier<String> ids, EscalationListener listener, AckAnnouncer announcer) {
        this.announcer = java.util.Objects.requireNonNull(announcer, "announcer");
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        this.store = store;
        this.policies = java.util.Objects.requireNonNull(policies, "policies");
        this.poster = poster;
        this.clock = clock;
        this.ids = ids;
    }

    private static Supplier<Map<String, EscalationPolicy>> constant(Map<String, EscalationPolicy> policies) {
        Map<String, EscalationPolicy> copy = Map.copyOf(policies);
        return () -> copy;
    }

    /** 16 random hex digits from a SecureRandom: ids appear in Slack buttons, so they must not be guessable. */
    public static Supplier<String> randomIds() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[8];
            random.nextBytes(b);
            return HexFormat.of().formatHex(b);
        };
    }

    /**
     * Called for every accepted notification: a firing group whose {@code severity} escalates starts
     * (or keeps) its escalation; a resolved group ends it.
     *
     * @return the id of the group's unfinished escalation, for an Acknowledge button; empty otherwise
     *     (also when the store is unreachable: the notification itself still goes out)
     */
    public Optional<String> onNotification(String tenant, AlertGroup group) {
        EscalationPolicy policy = policies.get().get(tenant);
        if (policy == null || !policy.enabled()) return Optional.empty();
        try {
            if (group.status() == Status.RESOLVED) {
                store.byGroup(tenant, group.groupKey())
                        .ifPresent(e -> end(e, EscalationState.RESOLVED, "alertmanager", OptionalLong.empty()));
                return Optional.empty();
            }
            String severity = group.routingLabels().valueOrEmpty("severity");
            if (!policy.escalates(severity)) return Optional.empty();
            long now = clock.millis();
            EscalationRecord fresh = new EscalationRecord(tenant + "." + ids.get(), tenant, group.groupKey(),
                    group.routingLabels().valueOrEmpty("alertname"), EscalationState.ACTIVE.name(), 0, now, "", 0,
                    severity).withSilenceLabels(group.silenceLabels().asMap());
            EscalationRecord held = store.createIfAbsent(fresh, now + policy.delayBefore(1).toMillis());
            // Acknowledged with an expiry pending: the button would only answer "already acknowledged".
            if (EscalationState.valueOf(held.state()).ended()) return Optional.empty();
            return Optional.of(held.id());
        } catch (StoreException e) {
            storeHealthy.set(false);
            LOG.log(System.Logger.Level.WARNING, "escalation state unavailable for tenant {0}: {1}", tenant, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Acknowledges escalation {@code id} ({@code tenant.hex}) on behalf of {@code by}: no further
     * step fires.
     *
     * @throws StoreException when the store is unreachable (HTTP 503)
     */
    public AckResult acknowledge(String id, String by) {
        return acknowledge(id, by, OptionalLong.empty());
    }

    /**
     * Acknowledges escalation {@code id} until {@code until} (a Silence button: the silence's end),
     * whatever the policy's {@code ack_expiry_minutes}: the presser chose how long to be left alone,
     * and a shorter policy expiry would page during the silence. When it runs out and the group has
     * not resolved, the escalation starts over at level 1 after level 1's delay ({@link #rearm}).
     *
     * @throws StoreException when the store is unreachable
     */
    public AckResult acknowledgeUntil(String id, String by, java.time.Instant until) {
        return acknowledge(id, by, OptionalLong.of(Math.max(1, until.toEpochMilli())));
    }

    private AckResult acknowledge(String id, String by, OptionalLong untilMillis) {
        String tenant = EscalationRecord.tenantOf(id);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<EscalationRecord> e = store.get(tenant, id);
            if (e.isEmpty()) return AckResult.NOT_FOUND;
            EscalationState state = EscalationState.valueOf(e.get().state());
            if (state == EscalationState.ACKNOWLEDGED && untilMillis.isPresent()) extend(e.get(), untilMillis.getAsLong());
            if (state.ended()) return AckResult.ALREADY_ENDED;
            Optional<EscalationRecord> acked = end(e.get(), EscalationState.ACKNOWLEDGED, by, untilMillis);
            if (acked.isPresent()) {
                listener.on(new EscalationListener.Acknowledged(tenant, ackSource(by)));
                announce(acked.get());
                return AckResult.ACKNOWLEDGED;
            }
            // A step moved it in between: read again and retry.
        }
        return AckResult.ALREADY_ENDED;
    }

    /**
     * A silence created while the escalation is already acknowledged: an acknowledgement that would run
     * out before {@code untilMillis} (its own end, or the policy's expiry) is kept until then, so nobody
     * is paged about a silenced group; one that holds for good stays so. Who acknowledged is unchanged.
     * Not a state transition (ACKNOWLEDGED stays ACKNOWLEDGED), only its due time moves.
     */
    private void extend(EscalationRecord acked, long untilMillis) {
        EscalationPolicy policy = policies.get().get(acked.tenant());
        long runsOut = acked.ackUntilMillis() > 0 ? acked.ackUntilMillis()
                : policy != null && policy.ackExpires() ? acked.endedAtMillis() + policy.ackExpiry().toMillis()
                : Long.MAX_VALUE;
        if (runsOut >= untilMillis) return;
        if (store.transition(acked, acked.acknowledgedUntil(untilMillis), OptionalLong.of(untilMillis), false)) {
            LOG.log(System.Logger.Level.INFO, "escalation {0}: acknowledgement kept until a silence ends", acked.id());
        }
    }

    /** The HTTP API acknowledges as {@code api} or {@code api:<name>}; Slack as the clicking user. */
    static String ackSource(String by) {
        return by.equals("api") || by.startsWith("api:") ? "api" : "slack";
    }

    /** Slack's messages are a courtesy: the acknowledgement stands even when they cannot be queued. */
    private void announce(EscalationRecord acked) {
        try {
            announcer.announce(acked);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "acknowledgement of {0} not announced in Slack: {1}", acked.id(), ex.toString());
        }
    }

    /**
     * Ends {@code e} as {@code target}. An acknowledgement under a policy with {@code ack_expiry_minutes}
     * stays scheduled (its due time is the expiry) and keeps the group, so that {@link #fire} re-arms it;
     * so does one with an end of its own ({@code untilMillis}, a silence's end), which wins over the policy.
     *
     * @return the stored record; empty when someone else moved it in between
     */
    private Optional<EscalationRecord> end(EscalationRecord e, EscalationState target, String by, OptionalLong untilMillis) {
        EscalationState.valueOf(e.state()).to(target);
        long now = clock.millis();
        EscalationPolicy policy = policies.get().get(e.tenant());
        boolean ack = target == EscalationState.ACKNOWLEDGED;
        OptionalLong expiry = !ack ? OptionalLong.empty()
                : untilMillis.isPresent() ? untilMillis
                : policy != null && policy.ackExpires() ? OptionalLong.of(now + policy.ackExpiry().toMillis())
                : OptionalLong.empty();
        boolean expires = expiry.isPresent();
        EscalationRecord to = e.with(target.name(), e.step(), by, now).acknowledgedUntil(ack ? untilMillis.orElse(0) : 0);
        boolean done = store.transition(e, to, expiry, !expires);
        if (done) LOG.log(System.Logger.Level.INFO, "escalation {0} {1} by {2}", e.id(), target, by);
        return done ? Optional.of(to) : Optional.empty();
    }

    /** The level of the last step fired (0 before the first), per the tenant's current policy. */
    public int firedLevel(EscalationView e) {
        EscalationPolicy p = policies.get().get(e.tenant());
        if (p == null || e.step() < 1 || p.steps() == 0) return 0;
        return p.level(Math.min(e.step(), p.steps())).level();
    }

    /** The tenant's steps in all (levels plus repeats); 0 when it has no policy. */
    public int steps(String tenant) {
        EscalationPolicy p = policies.get().get(tenant);
        return p == null ? 0 : p.steps();
    }

    /** What {@code e} fires next; empty when it is not active or has no step left. */
    public Optional<NextStep> nextStep(EscalationView e) {
        EscalationPolicy p = policies.get().get(e.tenant());
        if (p == null || e.state() != EscalationState.ACTIVE || e.step() >= p.steps()) return Optional.empty();
        int next = e.step() + 1;
        var level = p.level(next);
        return Optional.of(new NextStep(next, level.level(), level.delay(),
                level.targets().stream().map(t -> t.spec()).toList()));
    }

    /**
     * The unfinished escalations of {@code tenant}: ACTIVE, EXHAUSTED, or ACKNOWLEDGED with an
     * expiry pending ({@code ack_expiry_minutes}).
     */
    public List<EscalationView> unfinished(String tenant) {
        return store.unfinished(tenant).stream().map(EscalationView::of).toList();
    }

    /** The tenants that escalate. */
    public List<String> tenants() {
        return policies.get().entrySet().stream().filter(e -> e.getValue().enabled()).map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Fires every step due now, for every tenant.
     *
     * @return the steps fired
     * @throws StoreException when the store is unreachable
     */
    public int poll() {
        int fired = 0;
        long now = clock.millis();
        for (String tenant : tenants()) {
            for (String id : store.claimDue(tenant, now, CLAIM_LEASE.toMillis(), CLAIM_BATCH)) {
                if (fire(tenant, id, now)) fired++;
            }
        }
        storeHealthy.set(true);
        return fired;
    }

    private boolean fire(String tenant, String id, long now) {
        EscalationPolicy policy = policies.get().get(tenant);
        Optional<EscalationRecord> found = store.get(tenant, id);
        if (found.isPresent() && EscalationState.ACKNOWLEDGED.name().equals(found.get().state())) {
            found = rearm(found.get(), policy, now);
        }
        if (found.isEmpty() || !EscalationState.ACTIVE.name().equals(found.get().state()) || policy.steps() == 0) {
            store.release(tenant, id);
            return false;
        }
        EscalationRecord e = found.get();
        int step = Math.min(e.step() + 1, policy.steps());
        if (!poster.post(e, step, scheduled(policy.level(step), now))) {
            // The outbox refused (shutting down or full): the lease runs out and the step is claimed again.
            return false;
        }
        boolean last = step >= policy.steps();
        EscalationState target = EscalationState.ACTIVE.to(last ? EscalationState.EXHAUSTED : EscalationState.ACTIVE);
        OptionalLong next = last ? OptionalLong.empty() : OptionalLong.of(now + policy.delayBefore(step + 1).toMillis());
        store.transition(e, e.with(target.name(), step, "", 0), next, false);
        listener.on(new EscalationListener.StepFired(tenant, policy.level(step).level(), e.severity()));
        LOG.log(System.Logger.Level.INFO, "escalation {0} fired step {1} (level {2})", id, step, policy.level(step).level());
        return true;
    }

    /**
     * The level as it fires at {@code atMillis} (the poll's clock reading): its {@code targets}
     * within its schedule's business hours (or without a schedule), else its {@code off_hours_targets}.
     */
    static TenantConfig.Escalation.Level scheduled(TenantConfig.Escalation.Level level, long atMillis) {
        if (level.schedule().isEmpty()) return level;
        return new TenantConfig.Escalation.Level(level.level(), level.delay(),
                level.targetsAt(java.time.Instant.ofEpochMilli(atMillis)));
    }

    /** Escalation {@code id} ({@code tenant.hex}), when the store knows it. @throws StoreException when unreachable */
    public Optional<EscalationView> find(String id) {
        return store.get(EscalationRecord.tenantOf(id), id).map(EscalationView::of);
    }

    /**
     * An acknowledgement whose expiry came due: ACKNOWLEDGED → ACTIVE before step 1, due now (so a
     * replica dying before the step fires leaves it to be claimed again). The group still fires: a
     * resolve would have ended the escalation and unscheduled it. An acknowledgement with an end of its
     * own (a silence) re-arms regardless of the policy, but due after level 1's delay, and returns empty.
     *
     * @return the re-armed record to fire now; empty when the policy has no expiry (any more), a silence
     *     ended, or someone moved it
     */
    private Optional<EscalationRecord> rearm(EscalationRecord acked, EscalationPolicy policy, long now) {
        if (acked.ackUntilMillis() > 0) {
            // A silence ended. Alertmanager sent nothing while it lasted, so whether the group still fires
            // is unknown: start over as a new group would (level 1 after its delay); a resolve in between ends it.
            EscalationRecord armed = acked.with(EscalationState.ACKNOWLEDGED.expire().name(), 0, "", 0);
            if (store.transition(acked, armed, OptionalLong.of(now + (policy.steps() == 0 ? 0 : policy.delayBefore(1).toMillis())), false)) {
                LOG.log(System.Logger.Level.INFO, "escalation {0}: the silence acknowledged by {1} ended, re-armed at level 1",
                        acked.id(), acked.endedBy());
            }
            return Optional.empty();
        }
        if (policy == null || !policy.ackExpires()) {
            // ack_expiry_minutes was removed by a reload: the acknowledgement now holds for good.
            store.transition(acked, acked, OptionalLong.empty(), true);
            return Optional.empty();
        }
        EscalationRecord armed = acked.with(EscalationState.ACKNOWLEDGED.expire().name(), 0, "", 0);
        if (!store.transition(acked, armed, OptionalLong.of(now), false)) return Optional.empty();
        LOG.log(System.Logger.Level.INFO, "escalation {0}: acknowledgement by {1} expired, re-armed at level 1",
                acked.id(), acked.endedBy());
        return Optional.of(armed);
    }

    /** False after the store failed and until a poll succeeds again (readiness: degraded). */
    public boolean storeHealthy() {
        return storeHealthy.get();
    }

    /** Starts polling every {@link #POLL_INTERVAL} on a virtual thread, backing off while the store fails. */
    public void start() {
        poller = Thread.ofVirtual().name("escalation-poller").start(() -> {
            Duration wait = POLL_INTERVAL;
            while (!closed.get()) {
                try {
                    poll();
                    wait = POLL_INTERVAL;
                } catch (StoreException e) {
                    storeHealthy.set(false);
                    wait = wait.multipliedBy(2).compareTo(MAX_POLL_BACKOFF) > 0 ? MAX_POLL_BACKOFF : wait.multipliedBy(2);
                    LOG.log(System.Logger.Level.WARNING, "escalation poll failed, retrying in {0} ms: {1}",
                            wait.toMillis(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "escalation poll failed", e);
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        closed.set(true);
        Thread t = poller;
        if (t != null) t.interrupt();
    }

    /** For listings: every unfinished escalation of every escalating tenant. */
    public List<EscalationView> unfinished() {
        List<EscalationView> out = new ArrayList<>();
        for (String t : tenants()) out.addAll(unfinished(t));
        return out;
    }
}
