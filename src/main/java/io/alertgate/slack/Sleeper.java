package io.alertgate.slack;

import java.time.Duration;

/** Waits; injected so that retry tests record their waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** The real one: {@link Thread#sleep(Duration)}. */
    Sleeper THREAD = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
