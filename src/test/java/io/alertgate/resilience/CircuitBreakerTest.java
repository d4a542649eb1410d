package io.alertgate.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.resilience.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private final FakeNanoClock clock = new FakeNanoClock();
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    private final CircuitBreaker breaker = new CircuitBreaker(
            new CircuitBreaker.Config(3, RECOVERY), clock, (from, to) -> transitions.add(from + "->" + to));

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            breaker.onFailure();
        }
    }

    private void openThenWaitOutTimeout() {
        failTimes(3);
        clock.advance(RECOVERY);
    }

    @Test
    void newBreaker_isClosedAndPermitsCalls() {
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(Duration.ZERO, breaker.remainingOpen());
    }

    @Test
    void onFailure_belowThreshold_staysClosed() {
        failTimes(2);
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(2, breaker.consecutiveFailures());
        assertTrue(breaker.tryAcquirePermission());
    }

    @Test
    void onFailure_atThreshold_opens() {
        failTimes(3);
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquirePermission());
        assertEquals(List.of("CLOSED->OPEN"), transitions);
    }

    @Test
    void onSuccess_whileClosed_resetsTheConsecutiveCount() {
        failTimes(2);
        breaker.onSuccess();
        failTimes(2);
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(2, breaker.consecutiveFailures());
    }

    @Test
    void remainingOpen_countsDownTheRecoveryTimeout() {
        failTimes(3);
        assertEquals(RECOVERY, breaker.remainingOpen());
        clock.advance(Duration.ofSeconds(45));
        assertEquals(Duration.ofSeconds(15), breaker.remainingOpen());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Duration.ZERO, breaker.remainingOpen());
    }

    @Test
    void tryAcquirePermission_beforeRecoveryTimeout_refuses() {
        failTimes(3);
        clock.advance(RECOVERY.minusNanos(1));
        assertFalse(breaker.tryAcquirePermission());
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void tryAcquirePermission_afterRecoveryTimeout_letsOneProbeThroughAsHalfOpen() {
        openThenWaitOutTimeout();
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquirePermission());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void probeSuccess_closesTheBreaker() {
        openThenWaitOutTimeout();
        breaker.tryAcquirePermission();
        breaker.onSuccess();

        assertEquals(State.CLOSED, breaker.state());
        assertEquals(0, breaker.consecutiveFailures());
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), transitions);
    }

    @Test
    void probeFailure_reopensWithAFreshTimeout() {
        openThenWaitOutTimeout();
        breaker.tryAcquirePermission();
        clock.advance(Duration.ofSeconds(5));
        breaker.onFailure();

        assertEquals(State.OPEN, breaker.state());
        assertEquals(RECOVERY, breaker.remainingOpen());
        assertFalse(breaker.tryAcquirePermission());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN"), transitions);
    }

    @Test
    void lateResults_whileOpen_areIgnored() {
        failTimes(3);
        clock.advance(Duration.ofSeconds(10));
        breaker.onSuccess();
        breaker.onFailure();

        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(50), breaker.remainingOpen());
    }

    @Test
    void aProbeThatNeverReports_isReplacedAfterTheRecoveryTimeout() {
        openThenWaitOutTimeout();
        assertTrue(breaker.tryAcquirePermission());
        clock.advance(RECOVERY.minusNanos(1));
        assertFalse(breaker.tryAcquirePermission());

        clock.advance(Duration.ofNanos(1));
        assertTrue(breaker.tryAcquirePermission());
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void halfOpen_underConcurrentCallers_grantsExactlyOneProbe() throws Exception {
        for (int round = 0; round < 50; round++) {
            CircuitBreaker racing = new CircuitBreaker(new CircuitBreaker.Config(1, RECOVERY), clock);
            racing.onFailure();
            clock.advance(RECOVERY);
            AtomicInteger granted = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> callers = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    callers.add(threads.submit(() -> {
                        start.await();
                        if (racing.tryAcquirePermission()) {
                            granted.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> caller : callers) {
                    caller.get();
                }
            }
            assertEquals(1, granted.get(), "probes granted in round " + round);
            assertEquals(State.HALF_OPEN, racing.state());
        }
    }

    @Test
    void concurrentFailures_openTheBreakerOnce() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CircuitBreaker racing = new CircuitBreaker(new CircuitBreaker.Config(5, RECOVERY), clock,
                (from, to) -> opened.incrementAndGet());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                threads.submit(racing::onFailure);
            }
        }
        assertEquals(State.OPEN, racing.state());
        assertEquals(1, opened.get());
    }

    @Test
    void illegalTransition_throws() {
        assertThrows(IllegalStateException.class, () -> CircuitBreaker.requireLegal(State.CLOSED, State.HALF_OPEN));
        assertThrows(IllegalStateException.class, () -> CircuitBreaker.requireLegal(State.OPEN, State.CLOSED));
        assertThrows(IllegalStateException.class, () -> CircuitBreaker.requireLegal(State.CLOSED, State.CLOSED));
    }

    @Test
    void transitionTable_hasExactlyTheFourEdges() {
        int edges = 0;
        for (State from : State.values()) {
            for (State to : State.values()) {
                if (from.canTransitionTo(to)) {
                    edges++;
                }
            }
        }
        assertEquals(4, edges);
        assertTrue(State.CLOSED.canTransitionTo(State.OPEN));
        assertTrue(State.OPEN.canTransitionTo(State.HALF_OPEN));
        assertTrue(State.HALF_OPEN.canTransitionTo(State.CLOSED));
        assertTrue(State.HALF_OPEN.canTransitionTo(State.OPEN));
    }

    @Test
    void defaults_areTheSeedsFiveFailuresAndSixtySeconds() {
        CircuitBreaker.Config config = CircuitBreaker.Config.defaults();
        assertEquals(5, config.failureThreshold());
        assertEquals(Duration.ofSeconds(60), config.recoveryTimeout());
    }

    @Test
    void config_withZeroThresholdOrTimeout_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker.Config(0, RECOVERY));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker.Config(1, Duration.ZERO));
    }
}
