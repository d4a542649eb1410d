package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackMessage;
import io.alertgate.slack.SlackTransport;
import io.alertgate.slack.Sleeper;
import io.alertgate.slack.StormDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The outbox that sends: per destination, priority lanes drained by one dispatcher virtual thread,
 * paced by a token bucket, guarded by a circuit breaker, with retries, fallback and dead letters.
 *
 * <p><b>One dispatcher per active destination.</b> A destination (tenant + {@link Destination#name()})
 * gets a {@link PriorityLanes} and, while it has work, exactly one virtual thread that takes the
 * highest lane first. The thread ends when the lanes are empty and the next enqueue starts a new
 * one; the {@code running} flag is re-checked after it is cleared, so an enqueue racing the exit
 * is never stranded. One thread per destination means the bucket, the breaker and the 429 pause
 * have a single caller, and Slack's per-channel order is kept within a lane.
 *
 * <p><b>Retries keep their place.</b> A retryable failure (429, 5xx, I/O, timeout) is held by the
 * dispatcher, not re-queued at the tail: it is tried again before anything of its priority or
 * below, once its backoff has passed; only a strictly higher priority overtakes it. A 429 pauses
 * the whole destination for exactly {@code Retry-After} (Slack's limit is per channel, so the next
 * message would be refused too) and does not count against the breaker or the attempt budget —
 * only the age limit ends it. Other retryable failures count as attempts and as breaker failures.
 *
 * <p><b>Permanent failures are never retried.</b> A destination that refuses for good (channel
 * gone, auth, forbidden) sends the message on to the tenant's fallback with a line saying where
 * it was meant to go; a refused payload is re-sent once as text only; whatever still fails, and
 * whatever runs out of attempts, becomes a {@link DeadLetter}. A message that has waited past the
 * policy's grace for an open breaker also goes to the fallback, rather than wait for a
 * destination that is down. So every accepted delivery ends in
 * exactly one of: delivered, dead letter, or counted as unsent at shutdown.
 *
 * <p><b>Storm digest.</b> When a destination's non-critical backlog reaches the tenant's
 * threshold, the dispatcher merges everything non-critical queued into one digest (counts by
 * severity and alertname, the first groups, "+N more") instead of posting hundreds of messages
 * at one per second. Critical messages are never merged: they stay in their lane, which is
 * drained first. A digest is posted, not updated in place (webhooks cannot edit a message).
 *
 * <p><b>Durable outbox.</b> With an {@link OutboxJournal} (Redis), {@link #enqueue} writes the delivery
 * there before it accepts it and refuses it when the write fails; each {@code Attempt} carries the
 * journal ids it stands for (a digest: all the merged ones, a fallback copy: its original's), and
 * they are settled exactly where the delivery ends — delivered or dead letter, never on a retry — so
 * a crash leaves in the journal precisely what was accepted and not finished; {@link #recover}
 * queues it again.
 *
 * <p><b>Time.</b> Waits go through the injected {@link Sleeper} and are computed from the injected
 * {@link NanoClock}: never a busy spin, and a test with a fake clock whose sleeper advances it
 * runs without real waiting.
 */
public final class DeliveryEngine implements Outbox, AutoCloseable {
    public static final int DEFAULT_CAPACITY_PER_DESTINATION = 10_000;
    /** Shortest wait, so that a rounding to zero can never turn a wait loop into a spin. */
    static final Duration MIN_WAIT = Duration.ofMillis(1);
    /** The dead-letter reason of a message whose destination's breaker stayed open and whose fallback refused it. */
    static final String CIRCUIT_OPEN = "circuit_open";
    /** How often {@link #close()} re-reads the clock while it waits for the lanes to empty. */
    private static final long DRAIN_POLL_MILLIS = 20;
    private static final System.Logger LOG = System.getLogger("io.alertgate.delivery");

    /**
     * The engine's parts and bounds.
     *
     * @param policies the policy of each tenant (rate limit, breaker, retry, fallback)
     * @param unitRandom backoff jitter draws in [0, 1)
     * @param capacityPerDestination most messages queued per destination (critical excepted)
     * @param drainTimeout how long {@link #close()} lets the dispatchers flush
     */
    public record Settings(
            SlackTransport transport, Function<String, DeliveryPolicy> policies, DeadLetters deadLetters,
            DeliveryListener listener, NanoClock clock, Sleeper sleeper, DoubleSupplier unitRandom,
            int capacityPerDestination, Duration drainTimeout) {
        public Settings {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(policies, "policies");
            Objects.requireNonNull(deadLetters, "deadLetters");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
            Objects.requireNonNull(unitRandom, "unitRandom");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (capacityPerDestination < 1) {
                throw new IllegalArgumentException("capacityPerDestination: must be >= 1, got " + capacityPerDestination);
            }
        }
    }

    /**
     * What became of a replay request: REFUSED when the engine is closing or the queue is full,
     * UNAVAILABLE when the dead-letter store (Redis) cannot be read.
     */
    public enum Replay { REQUEUED, NOT_FOUND, REFUSED, DESTINATION_GONE, UNAVAILABLE }

    private record Key(String tenant, String destination) {}

    /**
     * A workspace: the tenant and its bot token. The token is the destination's {@code Secret}
     * (equal by value, never printed), held as Object because delivery does not import secrets.
     */
    private record Workspace(String tenant, Object botToken) {}

    /**
     * One delivery on its way, as the dispatcher sees it.
     *
     * @param original as accepted: what a dead letter keeps and a replay re-sends
     * @param current what is sent now: the original, its fallback copy, or its text-only form
     * @param attempts requests that count against the retry budget (429s do not)
     * @param requests all requests made, for the dead letter
     * @param acceptedNanos clock reading at acceptance: the retry age is measured from here
     * @param notBeforeNanos earliest next request (backoff)
     * @param sequence tie-break that keeps FIFO order among held retries
     * @param journalIds the durable outbox entries this attempt settles when it ends (several for a digest)
     */
    private record Attempt(Delivery original, Delivery current, boolean rerouted, boolean degraded, int attempts,
            int requests, long acceptedNanos, long notBeforeNanos, long sequence, List<String> journalIds) {
        Priority priority() {
            return current.priority();
        }

        Attempt next(Delivery newCurrent, boolean newRerouted, boolean newDegraded, int newAttempts,
                long newNotBefore) {
            return new Attempt(original, newCurrent, newRerouted, newDegraded, newAttempts, requests + 1,
                    acceptedNanos, newNotBefore, sequence, journalIds);
        }
    }

    private static final Comparator<Attempt> HELD_ORDER =
            Comparator.comparing(Attempt::priority).thenComparingLong(Attempt::sequence);

    private final Settings settings;
    private final OutboxJournal journal;
    private final ConcurrentHashMap<Key, Dispatcher> dispatchers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Workspace, TokenBucket> workspaceBuckets = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Accepted and not yet delivered or dead-lettered; {@link #close()} waits for zero. */
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Object drainSignal = new Object();

    /** An engine without a durable outbox: what is queued is lost on restart. */
    public DeliveryEngine(Settings settings) {
        this(settings, OutboxJournal.NONE);
    }

    /**
     * An engine that writes every accepted delivery to {@code journal} before accepting it and
     * settles it once delivered or dead-lettered; {@link #recover()} sends what a crashed process left.
     */
    public DeliveryEngine(Settings settings, OutboxJournal journal) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Journals the delivery (with Redis: a durable write) and queues it in its destination's lane;
     * never blocks on Slack. False when closed, full, or the journal could not store it — the
     * webhook then answers 503 and Alertmanager retries, rather than get a 2xx for something a
     * crash would lose.
     */
    @Override
    public boolean enqueue(Delivery delivery) {
        // Counted before the closed check: drain() sets closed before it reads the count, so an
        // enqueue racing it is either refused here or waited for (and counted) there.
        outstanding.incrementAndGet();
        if (closed.get()) {
            finished();
            return false;
        }
        String id;
        try {
            id = journal.write(delivery);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: the durable outbox refused a message for {1} ({2});"
                    + " answering 503", delivery.tenant(), delivery.destination().name(), e.getMessage());
            finished();
            return false;
        }
        long now = settings.clock().nanoTime();
        Attempt a = new Attempt(delivery, delivery, false, false, 0, 0, now, now, sequence.incrementAndGet(), ids(id));
        if (dispatcher(delivery.tenant(), delivery.destination()).offer(a)) return true;
        journal.settle(delivery.tenant(), id);
        finished();
        return false;
    }

    /**
     * Queues what the durable outbox hands back: entries of a crashed earlier process, or of a
     * replica that stopped touching them. An entry whose destination is no longer configured becomes a
     * dead letter ({@link DeadLetter#DESTINATION_GONE}). Its age and attempt count start again.
     * Call at start and then periodically (it is also the journal's heartbeat).
     *
     * @return how many entries were taken over
     */
    public int recover() {
        if (closed.get()) return 0;
        List<OutboxJournal.Journaled> found = journal.recover();
        for (OutboxJournal.Journaled j : found) {
            outstanding.incrementAndGet();
            Delivery d = j.delivery();
            long now = settings.clock().nanoTime();
            Attempt a = new Attempt(d, d, false, false, 0, 0, now, now, sequence.incrementAndGet(), ids(j.id()));
            if (d.destination() instanceof Destination.Unresolved) {
                deadLetter(a, DeadLetter.DESTINATION_GONE, Destination.Unresolved.ERROR_CODE);
            } else if (!dispatcher(d.tenant(), d.destination()).offer(a)) {
                deadLetter(a, DeadLetter.OUTBOX_FULL, "");
            }
        }
        if (!found.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "took over {0} messages from the durable outbox (left by a stopped process)",
                    found.size());
        }
        return found.size();
    }

    private static List<String> ids(String journalId) {
        return journalId.isEmpty() ? List.of() : List.of(journalId);
    }

    private void settle(Attempt a) {
        for (String id : a.journalIds()) journal.settle(a.original().tenant(), id);
    }

    /** Puts a dead letter back in its destination's queue, as accepted the first time. */
    public Replay replay(String id) {
        if (closed.get()) return Replay.REFUSED;
        // A destination no longer configured stays a dead letter, as at recovery (never the fallback):
        // with Redis the letter is decoded against the current config, so restoring the destination makes it replayable.
        try {
            if (settings.deadLetters().list().stream().anyMatch(l -> l.id().equals(id)
                    && l.delivery().destination() instanceof Destination.Unresolved)) {
                return Replay.DESTINATION_GONE;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dead letter {0} could not be read for replay: {1}", id, e.getMessage());
            return Replay.UNAVAILABLE;
        }
        Optional<DeadLetter> letter;
        try {
            letter = settings.deadLetters().take(id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dead letter {0} could not be read for replay: {1}", id, e.getMessage());
            return Replay.UNAVAILABLE;
        }
        if (letter.isEmpty()) return Replay.NOT_FOUND;
        if (enqueue(letter.get().delivery())) return Replay.REQUEUED;
        DeadLetter l = letter.get();
        try {
            settings.deadLetters().add(l.delivery(), l.reason(), l.errorCode(), l.attempts());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "dead letter {0} was taken for replay and could not be put back: {1}",
                    id, e.getMessage());
        }
        return Replay.REFUSED;
    }

    /** The dead-letter store this engine writes to (listed by the admin endpoint). */
    public DeadLetters deadLetters() {
        return settings.deadLetters();
    }

    /** Deliveries accepted and not yet delivered or dead-lettered. */
    public long outstanding() {
        return outstanding.get();
    }

    /** The breaker state of one destination, for health and tests; CLOSED when it was never used. */
    public CircuitBreaker.State breakerState(String tenant, String destination) {
        Dispatcher d = dispatchers.get(new Key(tenant, destination));
        return d == null ? CircuitBreaker.State.CLOSED : d.breaker.state();
    }

    /**
     * Messages queued for one destination and not yet sent (retries waiting for their backoff are
     * not counted: only the dispatcher thread may read them); 0 when it was never used. Read by
     * the {@code least_loaded} routing strategy.
     */
    public int backlog(String tenant, String destination) {
        Dispatcher d = dispatchers.get(new Key(tenant, destination));
        return d == null ? 0 : d.lanes.size();
    }

    /**
     * A snapshot of every destination that has had a message since start, sorted by tenant then
     * name (the admin API's {@code GET /api/v1/destinations}). Retries waiting for their backoff are
     * not counted in the lanes: only the dispatcher thread may read them.
     */
    public List<DestinationStatus> destinations() {
        List<DestinationStatus> out = new ArrayList<>();
        dispatchers.forEach((key, d) -> out.add(d.status()));
        out.sort(Comparator.comparing(DestinationStatus::tenant).thenComparing(DestinationStatus::destination));
        return out;
    }

    /**
     * Stops accepting (enqueue answers false, so HTTP answers 503 with {@code Retry-After}), lets
     * the dispatchers flush for up to the drain timeout, then stops them and logs what was not sent.
     *
     * @return the number of accepted deliveries that were neither delivered nor dead-lettered
     */
    public long drain() {
        if (!closed.compareAndSet(false, true)) return outstanding.get();
        long timeout = settings.drainTimeout().toNanos();
        long start = settings.clock().nanoTime();
        synchronized (drainSignal) {
            while (outstanding.get() > 0 && settings.clock().nanoTime() - start < timeout) {
                try {
                    drainSignal.wait(DRAIN_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        stopped.set(true);
        dispatchers.values().forEach(Dispatcher::stop);
        long unsent = outstanding.get();
        if (unsent > 0 && journal != OutboxJournal.NONE) {
            LOG.log(System.Logger.Level.WARNING, "{0} accepted messages could not be sent within the drain timeout ({1} ms);"
                    + " they stay in the durable outbox and are sent after the restart", unsent, settings.drainTimeout().toMillis());
        } else if (unsent > 0) {
            LOG.log(System.Logger.Level.ERROR, "{0} accepted messages could not be sent within the drain timeout ({1} ms)"
                    + " and are lost with this process", unsent, settings.drainTimeout().toMillis());
        }
        return unsent;
    }

    @Override
    public void close() {
        drain();
    }

    private Dispatcher dispatcher(String tenant, Destination destination) {
        return dispatchers.computeIfAbsent(new Key(tenant, destination.name()),
                k -> new Dispatcher(k, destination, settings.policies().apply(tenant)));
    }

    private void finished() {
        if (outstanding.decrementAndGet() == 0) {
            synchronized (drainSignal) {
                drainSignal.notifyAll();
            }
        }
    }

    private void deadLetter(Attempt a, String reason, String errorCode) {
        DeadLetter letter;
        try {
            letter = settings.deadLetters().add(a.original(), reason, errorCode, a.requests());
        } catch (RuntimeException e) {
            // Not settled: the durable outbox still holds it, so a restart tries it again.
            LOG.log(System.Logger.Level.ERROR, "tenant {0}: message for {1} should be a dead letter ({2}) but could not"
                    + " be stored ({3}); it stays in the outbox", a.current().tenant(), a.current().destination().name(),
                    reason, e.getMessage());
            finished();
            return;
        }
        settle(a);
        Delivery d = a.current();
        LOG.log(System.Logger.Level.WARNING, "tenant {0}: message for {1} is a dead letter ({2}): {3} {4}",
                d.tenant(), d.destination().name(), letter.id(), reason, errorCode);
        emit(new DeliveryEvent.DeadLettered(letter));
        finished();
    }

    private void emit(DeliveryEvent event) {
        try {
            settings.listener().on(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "delivery listener failed", e);
        }
    }

    /** One destination's lanes, pacing, breaker and dispatcher thread. */
    private final class Dispatcher {
        private final Key key;
        private final DeliveryPolicy policy;
        private final PriorityLanes<Attempt> lanes;
        private final TokenBucket bucket; // null: no rate limit
        private final TokenBucket workspaceBucket; // null: none (webhooks, console, or not configured)
        private final CircuitBreaker breaker;
        private final Backoff backoff;
        /** Retries waiting for their backoff; touched only by the dispatcher thread. */
        private final PriorityQueue<Attempt> held = new PriorityQueue<>(HELD_ORDER);
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile Thread thread;
        /** End of the current 429 pause; touched only by the dispatcher thread. */
        private long pausedUntilNanos;

        Dispatcher(Key key, Destination destination, DeliveryPolicy policy) {
            this.key = key;
            this.policy = policy;
            NanoClock clock = settings.clock();
            this.lanes = new PriorityLanes<>(settings.capacityPerDestination(), clock,
                    evicted -> deadLetter(evicted.item(), DeadLetter.OUTBOX_FULL, ""));
            // Standard output has no Slack rate limit to respect.
            this.bucket = destination instanceof Destination.Console
                    ? null : policy.rateLimit().map(c -> new TokenBucket(c, clock)).orElse(null);
            this.workspaceBucket = destination instanceof Destination.Channel c
                    ? policy.workspaceRateLimit().map(config -> workspaceBuckets.computeIfAbsent(
                            new Workspace(key.tenant(), c.botToken()), w -> new TokenBucket(config, clock))).orElse(null)
                    : null;
            this.breaker = new CircuitBreaker(policy.breaker(), clock,
                    (from, to) -> emit(new DeliveryEvent.BreakerChanged(key.tenant(), key.destination(), from, to)));
            this.backoff = new Backoff(policy.retry(), settings.unitRandom());
            this.pausedUntilNanos = clock.nanoTime();
        }

        DestinationStatus status() {
            java.util.Map<Priority, Integer> depths = new java.util.EnumMap<>(Priority.class);
            for (Priority p : Priority.values()) depths.put(p, lanes.size(p));
            java.util.Map<Priority, java.time.Duration> ages = new java.util.EnumMap<>(Priority.class);
            for (Priority p : Priority.values()) ages.put(p, lanes.oldestAge(p));
            Optional<DestinationStatus.Bucket> b = Optional.ofNullable(bucket).map(t -> new DestinationStatus.Bucket(
                    t.availableTokens(), t.config().ratePerSecond(), t.config().burst()));
            return new DestinationStatus(key.tenant(), key.destination(), breaker.state().name(), b, depths,
                    lanes.oldestAge(), ages);
        }

        boolean offer(Attempt a) {
            if (!lanes.offer(a.priority(), a)) return false;
            emit(new DeliveryEvent.LaneDepth(key.tenant(), key.destination(), a.priority(), lanes.size(a.priority())));
            wake();
            return true;
        }

        private void wake() {
            if (!stopped.get() && running.compareAndSet(false, true)) {
                thread = Thread.ofVirtual().name("delivery " + key.tenant() + " " + key.destination()).start(this::run);
            }
        }

        void stop() {
            Thread t = thread;
            if (t != null) t.interrupt();
        }

        private void run() {
            try {
                while (!stopped.get()) {
                    awaitSendSlot();
                    Attempt a = next();
                    if (a == null) {
                        running.set(false);
                        // An offer may have landed after next() looked and before the flag cleared.
                        if (lanes.isEmpty() || !running.compareAndSet(false, true)) return;
                        continue;
                    }
                    try (LogContext.Scope ignored = LogContext.open(key.tenant(), a.current().correlationId())) {
                        send(a);
                    }
                }
            } catch (InterruptedException e) {
                // Drain timeout: what is still here is counted as unsent by drain().
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "dispatcher of " + key + " failed", e);
                running.set(false);
            }
        }

        /**
         * Waits out a 429 pause and the token bucket <em>before</em> choosing what to send, so the
         * choice is made when the slot opens: a critical that arrives while the dispatcher waits for
         * its next token goes in that slot, not in the one after a message already picked.
         */
        private void awaitSendSlot() throws InterruptedException {
            if (lanes.isEmpty() && held.isEmpty()) return;
            waitUntil(pausedUntilNanos);
            if (bucket != null) {
                long wait;
                while ((wait = bucket.nanosUntilNextToken()) > 0) sleep(wait);
            }
        }

        /** A held retry unless a strictly higher priority is queued; else the head of the highest lane. */
        private Attempt next() {
            Attempt retry = held.peek();
            Priority queued = highestQueued();
            if (retry != null && (queued == null || retry.priority().compareTo(queued) <= 0)) return held.poll();
            PriorityLanes.Entry<Attempt> entry = lanes.pollEntry();
            if (entry != null) {
                emit(new DeliveryEvent.LaneDepth(key.tenant(), key.destination(), entry.priority(),
                        lanes.size(entry.priority())));
                return inStorm(entry.priority()) ? digest(entry.item()) : entry.item();
            }
            return held.poll();
        }

        /** Whether the non-critical backlog (the entry just taken included) has reached the digest threshold. */
        private boolean inStorm(Priority taken) {
            int threshold = policy.digestThreshold();
            return threshold > 0 && taken != Priority.CRITICAL
                    && lanes.size() - lanes.size(Priority.CRITICAL) + 1 >= threshold;
        }

        /**
         * Merges {@code first} and every non-critical message queued now into one digest. The
         * merged messages are finished (the digest stands for them); at most the number queued at
         * the start is taken, so a storm still arriving cannot keep this loop going.
         */
        private Attempt digest(Attempt first) {
            List<Attempt> merged = new ArrayList<>();
            merged.add(first);
            int budget = lanes.size();
            for (Priority p : Priority.values()) {
                if (p == Priority.CRITICAL) continue;
                PriorityLanes.Entry<Attempt> e;
                while (budget > 0 && (e = lanes.pollEntry(p)) != null) {
                    merged.add(e.item());
                    budget--;
                }
                emit(new DeliveryEvent.LaneDepth(key.tenant(), key.destination(), p, lanes.size(p)));
            }
            List<StormDigest.Item> items = new ArrayList<>(merged.size());
            Priority highest = Priority.INFO;
            long oldest = first.acceptedNanos();
            for (Attempt a : merged) {
                Delivery d = a.current();
                items.add(new StormDigest.Item(d.priority().name().toLowerCase(Locale.ROOT), d.alertname(),
                        d.message().text().lines().findFirst().orElse("")));
                if (d.priority().compareTo(highest) < 0) highest = d.priority();
                if (a.acceptedNanos() - oldest < 0) oldest = a.acceptedNanos();
            }
            Delivery d = first.current();
            Delivery digest = new Delivery(key.tenant(), "digest", d.destination(),
                    StormDigest.format(key.destination(), items), highest, "digest-" + first.sequence(), "");
            for (int i = 1; i < merged.size(); i++) finished(); // the digest carries on for all of them
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: storm at {1}: {2} messages merged into one digest",
                    key.tenant(), key.destination(), merged.size());
            emit(new DeliveryEvent.Digested(key.tenant(), key.destination(), merged.size()));
            long now = settings.clock().nanoTime();
            List<String> journalIds = new ArrayList<>();
            for (Attempt a : merged) journalIds.addAll(a.journalIds());
            return new Attempt(digest, digest, false, false, 0, 0, oldest, now, first.sequence(), List.copyOf(journalIds));
        }

        private Priority highestQueued() {
            for (Priority p : Priority.values()) {
                if (lanes.size(p) > 0) return p;
            }
            return null;
        }

        private void send(Attempt a) throws InterruptedException {
            waitUntil(pausedUntilNanos);
            waitUntil(a.notBeforeNanos());
            while (!breaker.tryAcquirePermission()) {
                Optional<Destination> fallback = fallbackFor(a);
                long untilGrace = a.acceptedNanos() + policy.openFallbackAfter().toNanos() - settings.clock().nanoTime();
                if (fallback.isPresent() && untilGrace <= 0) {
                    if (!reroute(a, fallback.get(), "which is down", "circuit breaker open")) {
                        deadLetter(a, CIRCUIT_OPEN, "");
                    }
                    return;
                }
                long open = breaker.remainingOpen().toNanos();
                sleep(fallback.isPresent() ? Math.min(open, untilGrace) : open);
            }
            long waitStart = settings.clock().nanoTime();
            if (bucket != null) {
                while (!bucket.tryAcquire()) sleep(bucket.nanosUntilNextToken());
            }
            // Shared with the workspace's other dispatchers: a lost race just waits again.
            if (workspaceBucket != null) {
                while (!workspaceBucket.tryAcquire()) sleep(workspaceBucket.nanosUntilNextToken());
            }
            Delivery d = a.current();
            SendResult result;
            long requestStart = settings.clock().nanoTime();
            try {
                result = settings.transport().send(d.destination(), d.message());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "transport threw for " + d.destination().name(), e);
                result = SendResult.failed(FailureReason.UNKNOWN, 0, "", Optional.empty());
            }
            emit(new DeliveryEvent.Attempted(d, result, a.requests() + 1, settings.clock().nanoTime() - requestStart,
                    requestStart - waitStart, requestStart - a.acceptedNanos()));
            handle(a, result);
        }

        /** Decides what comes after one request: the one place the failure reason is acted on. */
        private void handle(Attempt a, SendResult r) {
            long now = settings.clock().nanoTime();
            Duration age = Duration.ofNanos(now - a.acceptedNanos());
            switch (r.reason()) {
                case NONE -> {
                    breaker.onSuccess();
                    settle(a);
                    emit(new DeliveryEvent.Delivered(a.current(), now - a.acceptedNanos()));
                    finished();
                }
                case RATE_LIMITED -> {
                    breaker.onSuccess(); // Slack answered: the destination is up, only busy
                    Duration wait = r.retryAfter().orElseGet(() -> backoff.delay(a.attempts(), Optional.empty()));
                    pausedUntilNanos = now + wait.toNanos();
                    if (age.compareTo(policy.retry().maxAge()) >= 0) {
                        deadLetter(a.next(a.current(), a.rerouted(), a.degraded(), a.attempts(), now), r.reason().label(), r.errorCode());
                    } else {
                        held.add(a.next(a.current(), a.rerouted(), a.degraded(), a.attempts(), pausedUntilNanos));
                    }
                }
                case SERVER_ERROR, NETWORK, TIMEOUT -> {
                    breaker.onFailure();
                    int attempts = a.attempts() + 1;
                    if (backoff.canRetry(attempts, age)) {
                        long delay = backoff.delay(attempts - 1, r.retryAfter()).toNanos();
                        held.add(a.next(a.current(), a.rerouted(), a.degraded(), attempts, now + delay));
                    } else {
                        deadLetter(a.next(a.current(), a.rerouted(), a.degraded(), attempts, now), r.reason().label(), r.errorCode());
                    }
                }
                case BAD_PAYLOAD -> {
                    breaker.onSuccess();
                    if (a.degraded()) {
                        deadLetter(a.next(a.current(), a.rerouted(), true, a.attempts(), now), r.reason().label(), r.errorCode());
                    } else {
                        Delivery textOnly = with(a.current(), a.current().destination(), a.current().message().textOnly());
                        held.add(a.next(textOnly, a.rerouted(), true, 0, now));
                    }
                }
                case CHANNEL_GONE, AUTH, FORBIDDEN -> {
                    breaker.onSuccess();
                    Attempt done = a.next(a.current(), a.rerouted(), a.degraded(), a.attempts(), now);
                    Optional<Destination> fallback = fallbackFor(a);
                    String why = r.errorCode().isEmpty() ? r.reason().label() : r.errorCode();
                    if (fallback.isEmpty() || !reroute(done, fallback.get(), "which refused it", why)) {
                        deadLetter(done, r.reason().label(), r.errorCode());
                    }
                }
                case UNKNOWN -> {
                    breaker.onSuccess();
                    deadLetter(a.next(a.current(), a.rerouted(), a.degraded(), a.attempts(), now), r.reason().label(), r.errorCode());
                }
            }
        }

        /** The tenant's fallback, unless this message is already there (a fallback is tried once). */
        private Optional<Destination> fallbackFor(Attempt a) {
            return policy.fallback().filter(f -> !a.rerouted() && !f.name().equals(key.destination()));
        }

        /** Sends the message on to the fallback with a line naming where it was meant to go, and why. */
        private boolean reroute(Attempt a, Destination fallback, String which, String why) {
            Delivery d = a.current();
            SlackMessage message = d.message().withContextLine(
                    "Meant for " + d.destination().name() + ", " + which + " (" + why + ")");
            Attempt moved = new Attempt(a.original(), with(d, fallback, message), true, a.degraded(), 0, a.requests(),
                    a.acceptedNanos(), settings.clock().nanoTime(), a.sequence(), a.journalIds());
            if (!dispatcher(d.tenant(), fallback).offer(moved)) return false;
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: a message for {1} went to fallback {2}: {3} ({4})",
                    d.tenant(), d.destination().name(), fallback.name(), which, why);
            emit(new DeliveryEvent.Rerouted(d, fallback, why));
            return true;
        }

        private void waitUntil(long deadlineNanos) throws InterruptedException {
            long left;
            while ((left = deadlineNanos - settings.clock().nanoTime()) > 0) sleep(left);
        }

        private void sleep(long nanos) throws InterruptedException {
            settings.sleeper().sleep(Duration.ofNanos(Math.max(nanos, MIN_WAIT.toNanos())));
        }
    }

    private static Delivery with(Delivery d, Destination destination, SlackMessage message) {
        return new Delivery(d.tenant(), d.groupKey(), destination, message, d.priority(), d.correlationId(), d.alertname());
    }
}
