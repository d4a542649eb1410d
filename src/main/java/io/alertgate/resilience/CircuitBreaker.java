package io.alertgate.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A circuit breaker for one destination: stops calling a destination that keeps failing, and
 * lets a single probe find out when it has recovered.
 *
 * <p><b>State machine.</b> CLOSED → OPEN after {@code failureThreshold} consecutive failures;
 * OPEN for {@code recoveryTimeout}; then the next {@link #tryAcquirePermission()} moves to
 * HALF_OPEN and is the one probe let through; the probe's success → CLOSED, its failure → OPEN
 * with a fresh timeout. No other edge exists: {@link State#canTransitionTo} is the whole table,
 * and {@link #transition} (the one place state changes) throws {@link IllegalStateException} on
 * any other.
 *
 * <p><b>One atomic reference.</b> The state together with its data (failure count, when it
 * opened, when the probe started) is one immutable {@link Snapshot} in one
 * {@link AtomicReference}. Every change is a compare-and-set from the snapshot it was computed
 * from, so two racing callers cannot both win the OPEN → HALF_OPEN edge: exactly one gets the
 * probe, the rest get {@code false}. Likewise two failures racing past the threshold open the
 * breaker once, and the listener hears about each transition exactly once.
 *
 * <p><b>Late results.</b> A call permitted while CLOSED may report after the breaker opened; its
 * result is ignored while OPEN (the breaker is already waiting out its timeout). During HALF_OPEN
 * any result is taken as the probe's: the breaker does not tag permissions, which keeps it small,
 * and a late failure can only make it more cautious.
 *
 * <p><b>A lost probe.</b> If the probe's caller never reports (a bug, a killed thread), the breaker
 * would stay HALF_OPEN forever. So a probe silent for longer than {@code recoveryTimeout} is
 * presumed lost and the next caller becomes the new probe (state stays HALF_OPEN).
 *
 * <p>The seed's example values are the defaults: 5 failures, 60 s open.
 */
public final class CircuitBreaker {

    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    /** The breaker's states and the one table of legal transitions. */
    public enum State {
        /** Calls flow; consecutive failures are counted. */
        CLOSED,
        /** Calls are refused until the recovery timeout has passed. */
        OPEN,
        /** One probe call is in flight; everyone else is refused. */
        HALF_OPEN;

        /** Whether the state machine has an edge from this state to {@code next}. */
        public boolean canTransitionTo(State next) {
            return switch (this) {
                case CLOSED -> next == OPEN;
                case OPEN -> next == HALF_OPEN;
                case HALF_OPEN -> next == CLOSED || next == OPEN;
            };
        }
    }

    /**
     * Breaker settings.
     *
     * @param failureThreshold consecutive failures that open the breaker, &ge; 1
     * @param recoveryTimeout  how long the breaker stays open before a probe, &gt; 0
     */
    public record Config(int failureThreshold, Duration recoveryTimeout) {
        public Config {
            Objects.requireNonNull(recoveryTimeout, "circuit_breaker.recovery_timeout");
            if (failureThreshold < 1) {
                throw new IllegalArgumentException(
                        "circuit_breaker.failure_threshold: must be >= 1, got " + failureThreshold);
            }
            if (recoveryTimeout.isNegative() || recoveryTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "circuit_breaker.recovery_timeout: must be > 0, got " + recoveryTimeout);
            }
        }

        public static Config defaults() {
            return new Config(DEFAULT_FAILURE_THRESHOLD, DEFAULT_RECOVERY_TIMEOUT);
        }
    }

    /** Observer of state changes (metrics, logs). Called once per transition, after it happened. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (from, to) -> { };

        /** Must be quick and must not throw: it runs on the thread that caused the transition. */
        void onStateChange(State from, State to);
    }

    /**
     * The state with its data, swapped as a whole.
     *
     * @param failures     consecutive failures while CLOSED, otherwise 0
     * @param sinceNanos   when OPEN or HALF_OPEN began (for HALF_OPEN: when the probe started)
     */
    private record Snapshot(State state, int failures, long sinceNanos) {
        static final Snapshot CLOSED_CLEAN = new Snapshot(State.CLOSED, 0, 0L);
    }

    private final Config config;
    private final NanoClock clock;
    private final Listener listener;
    private final long recoveryNanos;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.CLOSED_CLEAN);

    public CircuitBreaker(Config config, NanoClock clock) {
        this(config, clock, Listener.NONE);
    }

    public CircuitBreaker(Config config, NanoClock clock, Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.recoveryNanos = saturatedNanos(config.recoveryTimeout());
    }

    public Config config() {
        return config;
    }

    public State state() {
        return current.get().state();
    }

    /**
     * Whether the caller may make a call now. While OPEN and past the timeout, exactly one caller
     * gets {@code true} and becomes the HALF_OPEN probe; it must then report
     * {@link #onSuccess()} or {@link #onFailure()}.
     */
    public boolean tryAcquirePermission() {
        while (true) {
            Snapshot s = current.get();
            switch (s.state()) {
                case CLOSED -> {
                    return true;
                }
                case OPEN, HALF_OPEN -> {
                    long now = clock.nanoTime();
                    if (now - s.sinceNanos() < recoveryNanos) {
                        return false; // still open, or the probe is still in flight
                    }
                    // OPEN past its timeout: become the probe. HALF_OPEN past it: the probe is lost.
                    Snapshot probe = new Snapshot(State.HALF_OPEN, 0, now);
                    boolean won = s.state() == State.OPEN
                            ? transition(s, probe)
                            : current.compareAndSet(s, probe);
                    if (won) {
                        return true;
                    }
                    // Someone else changed the state first; decide again from what they left.
                }
            }
        }
    }

    /** Reports that a permitted call succeeded. */
    public void onSuccess() {
        while (true) {
            Snapshot s = current.get();
            switch (s.state()) {
                case CLOSED -> {
                    if (s.failures() == 0 || current.compareAndSet(s, Snapshot.CLOSED_CLEAN)) {
                        return;
                    }
                }
                case OPEN -> {
                    return; // a late result from before the breaker opened
                }
                case HALF_OPEN -> {
                    if (transition(s, Snapshot.CLOSED_CLEAN)) {
                        return;
                    }
                }
            }
        }
    }

    /** Reports that a permitted call failed in a way that counts against the destination. */
    public void onFailure() {
        while (true) {
            Snapshot s = current.get();
            switch (s.state()) {
                case CLOSED -> {
                    int failures = s.failures() + 1;
                    boolean done = failures >= config.failureThreshold()
                            ? transition(s, new Snapshot(State.OPEN, 0, clock.nanoTime()))
                            : current.compareAndSet(s, new Snapshot(State.CLOSED, failures, 0L));
                    if (done) {
                        return;
                    }
                }
                case OPEN -> {
                    return; // already open; a late failure does not extend the timeout
                }
                case HALF_OPEN -> {
                    if (transition(s, new Snapshot(State.OPEN, 0, clock.nanoTime()))) {
                        return;
                    }
                }
            }
        }
    }

    /** Time left before an OPEN breaker lets a probe through; zero in any other state. */
    public Duration remainingOpen() {
        Snapshot s = current.get();
        if (s.state() != State.OPEN) {
            return Duration.ZERO;
        }
        long left = recoveryNanos - (clock.nanoTime() - s.sinceNanos());
        return Duration.ofNanos(Math.max(0L, left));
    }

    /** Consecutive failures counted while CLOSED; for metrics and tests. */
    public int consecutiveFailures() {
        return current.get().failures();
    }

    /**
     * The one place the state changes: checks the edge, swaps the snapshot if nobody else moved
     * first, and tells the listener.
     *
     * @return whether this caller made the transition ({@code false}: lost a race, re-read)
     * @throws IllegalStateException if the state machine has no such edge
     */
    private boolean transition(Snapshot from, Snapshot to) {
        requireLegal(from.state(), to.state());
        if (!current.compareAndSet(from, to)) {
            return false;
        }
        listener.onStateChange(from.state(), to.state());
        return true;
    }

    /** Throws unless {@code from → to} is an edge of the state machine. */
    static void requireLegal(State from, State to) {
        if (!from.canTransitionTo(to)) {
            throw new IllegalStateException("circuit breaker: illegal transition " + from + " -> " + to);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
