package io.alertgate.resilience;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TokenBucketPropertyTest {

    private static final double NANOS_PER_SECOND = 1e9;

    /** One step of a run: advance the clock by {@code advanceNanos}, then try {@code tries} times. */
    record Step(long advanceNanos, int tries) {}

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Long> advances = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(1, 50_000_000L)),
                Tuple.of(3, Arbitraries.longs().between(50_000_000L, 3_000_000_000L)),
                Tuple.of(1, Arbitraries.longs().between(3_000_000_000L, 120_000_000_000L)));
        Arbitrary<Integer> tries = Arbitraries.integers().between(0, 8);
        return Combinators.combine(advances, tries).as(Step::new).list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void noWindowOfLengthT_grantsMoreThanBurstPlusRateTimesT(
            @ForAll @DoubleRange(min = 0.01, max = 1000.0) double rate,
            @ForAll @IntRange(min = 1, max = 50) int burst,
            @ForAll("runs") List<Step> run) {
        FakeNanoClock clock = new FakeNanoClock();
        TokenBucket bucket = new TokenBucket(new TokenBucket.Config(rate, burst), clock);
        List<Long> grants = new ArrayList<>();
        for (Step step : run) {
            clock.advanceNanos(step.advanceNanos());
            for (int i = 0; i < step.tries(); i++) {
                if (bucket.tryAcquire()) {
                    grants.add(clock.nanoTime());
                }
            }
        }
        // Every window worth checking starts and ends on a grant: grants i..j lie in [t_i, t_j].
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                double seconds = (grants.get(j) - grants.get(i)) / NANOS_PER_SECOND;
                int granted = j - i + 1;
                double allowed = burst + rate * seconds;
                if (granted > allowed + 1e-9) {
                    throw new AssertionError(granted + " grants in " + seconds + " s exceed burst " + burst
                            + " + rate " + rate + " × t = " + allowed);
                }
            }
        }
    }

    @Property(tries = 300)
    void aBucketLeftIdle_refillsToExactlyBurst(
            @ForAll @DoubleRange(min = 0.01, max = 1000.0) double rate,
            @ForAll @IntRange(min = 1, max = 50) int burst,
            @ForAll @IntRange(min = 0, max = 60) int spentFirst,
            @ForAll @LongRange(min = 0, max = 100) long extraIdleSeconds) {
        FakeNanoClock clock = new FakeNanoClock();
        TokenBucket bucket = new TokenBucket(new TokenBucket.Config(rate, burst), clock);
        for (int i = 0; i < spentFirst; i++) {
            bucket.tryAcquire();
        }
        // Long enough to refill from empty: burst intervals, plus an arbitrary extra idle time.
        long refill = (long) Math.ceil(burst * (NANOS_PER_SECOND / rate)) + burst;
        clock.advanceNanos(refill + extraIdleSeconds * 1_000_000_000L);

        int granted = 0;
        while (granted <= burst && bucket.tryAcquire()) {
            granted++;
        }
        if (granted != burst) {
            throw new AssertionError("idle bucket granted " + granted + ", burst is " + burst);
        }
    }

    @Property(tries = 200)
    void nanosUntilNextToken_isZeroExactlyWhenATokenIsAvailable(
            @ForAll @DoubleRange(min = 0.01, max = 1000.0) double rate,
            @ForAll @IntRange(min = 1, max = 10) int burst,
            @ForAll @Size(max = 50) List<@LongRange(min = 0, max = 2_000_000_000L) Long> advances) {
        FakeNanoClock clock = new FakeNanoClock();
        TokenBucket bucket = new TokenBucket(new TokenBucket.Config(rate, burst), clock);
        for (long advance : advances) {
            clock.advanceNanos(advance);
            long wait = bucket.nanosUntilNextToken();
            boolean granted = bucket.tryAcquire();
            if (granted != (wait == 0)) {
                throw new AssertionError("wait " + wait + " but tryAcquire " + granted);
            }
        }
    }
}
