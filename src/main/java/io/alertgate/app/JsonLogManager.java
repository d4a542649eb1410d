package io.alertgate.app;

import java.util.logging.LogManager;

/**
 * The JDK's {@link LogManager}, except that once {@code serve} has installed its JSON handler, a
 * {@link #reset()} leaves the handlers in place. The JDK resets logging from its own shutdown hook,
 * which may run before ours: the drain's last words ("N accepted messages could not be sent") would
 * then be written to no handler at all. Selected with
 * {@code -Djava.util.logging.manager=io.alertgate.app.JsonLogManager}, which {@code Main} sets
 * before anything logs.
 */
public final class JsonLogManager extends LogManager {
    private volatile boolean keepHandlers;

    /** From now on, {@link #reset()} (the JDK's shutdown hook calls it) keeps the handlers. */
    void keepHandlersAtShutdown() {
        keepHandlers = true;
    }

    @Override
    public void reset() {
        if (!keepHandlers) super.reset();
    }
}
