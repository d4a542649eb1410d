package io.alertgate.resilience;

/**
 * A monotonic nanosecond time source, injected wherever logic measures elapsed time.
 *
 * <p>Only differences between two readings mean anything (as with {@link System#nanoTime()}), so
 * callers compare with {@code a - b > 0}, never {@code a > b}: that stays correct across the
 * numeric wrap-around. Tests substitute a fake clock that they advance by hand, which keeps every
 * time-dependent test deterministic.
 */
@FunctionalInterface
public interface NanoClock {

    /** The current reading, in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /** The JVM's monotonic clock; the one place that reads {@link System#nanoTime()}. */
    static NanoClock system() {
        return System::nanoTime;
    }
}
