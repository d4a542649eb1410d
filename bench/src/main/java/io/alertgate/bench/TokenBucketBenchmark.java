package io.alertgate.bench;

import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TokenBucket#tryAcquire()} on the system clock, each of its two paths measured on purpose.
 *
 * <ul>
 *   <li>{@code granted_*}: a bucket that cannot run dry — {@link #NEVER_DRY_RATE} (one token per ns,
 *       the most {@link TokenBucket.Config} allows) and a burst of {@link #NEVER_DRY_BURST}: a call
 *       costs far more than the 1 ns one token owes, so every call is a grant (read the clock, one
 *       compare-and-set). The {@code refused} counter proves it: it must print 0.
 *   <li>{@code refused_*}: a bucket emptied in setup that refills one token per
 *       {@link #ALMOST_NEVER_REFILL_SECONDS} s, far longer than a trial: every call is a refusal
 *       (read the clock, read the state, no write). The {@code granted} counter must print 0.
 * </ul>
 *
 * <p>{@code *_uncontended} runs one thread; {@code *_twoThreads} runs two threads on one bucket
 * ({@link Threads @Threads(2)}), so grants contend on the compare-and-set. Goal (issue 3): a grant
 * uncontended in &le; 50 ns.
 *
 * <p>Run: {@code bench/run-jmh TokenBucketBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBucketBenchmark {

    /** One token per nanosecond: the fastest rate a bucket accepts. */
    static final double NEVER_DRY_RATE = 1e9;
    /** One millisecond of one-per-ns tokens: slack for a thread descheduled between calls. */
    static final int NEVER_DRY_BURST = 1_000_000;
    /** One token per 10^4 s (≈ 2.8 h): no trial lasts that long. */
    static final double ALMOST_NEVER_REFILL_SECONDS = 1e4;

    /** The bucket every call grants from, shared by all threads of a benchmark. */
    @State(Scope.Benchmark)
    public static class NeverDry {
        TokenBucket bucket;

        @Setup(Level.Trial)
        public void setUp() {
            bucket = new TokenBucket(new TokenBucket.Config(NEVER_DRY_RATE, NEVER_DRY_BURST), NanoClock.system());
        }
    }

    /** The bucket every call is refused by, shared by all threads of a benchmark. */
    @State(Scope.Benchmark)
    public static class Empty {
        TokenBucket bucket;

        @Setup(Level.Trial)
        public void setUp() {
            bucket = new TokenBucket(new TokenBucket.Config(1 / ALMOST_NEVER_REFILL_SECONDS, 1), NanoClock.system());
            if (!bucket.tryAcquire() || bucket.tryAcquire()) {
                throw new IllegalStateException("the bucket should grant its one token, then refuse");
            }
        }
    }

    /** Per-thread tallies, printed by JMH beside the score: they show which path was measured. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcomes {
        public long granted;
        public long refused;

        @Setup(Level.Iteration)
        public void reset() {
            granted = 0;
            refused = 0;
        }

        boolean count(boolean acquired) {
            if (acquired) {
                granted++;
            } else {
                refused++;
            }
            return acquired;
        }
    }

    @Benchmark
    public boolean granted_uncontended(NeverDry state, Outcomes outcomes) {
        return outcomes.count(state.bucket.tryAcquire());
    }

    @Benchmark
    @Threads(2)
    public boolean granted_twoThreads(NeverDry state, Outcomes outcomes) {
        return outcomes.count(state.bucket.tryAcquire());
    }

    @Benchmark
    public boolean refused_uncontended(Empty state, Outcomes outcomes) {
        return outcomes.count(state.bucket.tryAcquire());
    }

    @Benchmark
    @Threads(2)
    public boolean refused_twoThreads(Empty state, Outcomes outcomes) {
        return outcomes.count(state.bucket.tryAcquire());
    }
}
