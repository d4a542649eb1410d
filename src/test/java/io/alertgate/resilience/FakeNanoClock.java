package io.alertgate.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link NanoClock} that moves only when a test advances it; safe to read from any thread. */
public final class FakeNanoClock implements NanoClock {

    /** An arbitrary, non-zero origin: logic must not assume readings start at zero. */
    public static final long DEFAULT_ORIGIN_NANOS = 1_234_567_890_123L;

    private final AtomicLong now;

    public FakeNanoClock() {
        this(DEFAULT_ORIGIN_NANOS);
    }

    public FakeNanoClock(long originNanos) {
        this.now = new AtomicLong(originNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    public FakeNanoClock advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + step);
        }
        now.addAndGet(step.toNanos());
        return this;
    }

    public FakeNanoClock advanceNanos(long nanos) {
        return advance(Duration.ofNanos(nanos));
    }
}
