package io.alertgate.delivery;

/**
 * The tenant and correlation ID of the work the current thread is doing, for log lines: set by the
 * webhook handler around {@code Pipeline.accept} and by a destination's dispatcher around each
 * send, read by the JSON log formatter.
 *
 * <p>A ThreadLocal rather than a ScopedValue because the bytecode targets Java 21, where
 * ScopedValue is still a preview. Every thread that sets it is a virtual thread doing one unit of
 * work, and {@link #open} restores the previous value on close, so nothing leaks to the next task.
 */
public final class LogContext {
    /** What the current thread works on; fields are "" when not known. */
    public record Fields(String tenantId, String correlationId) {
        static final Fields NONE = new Fields("", "");
    }

    /** Restores the previous fields on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final ThreadLocal<Fields> CURRENT = ThreadLocal.withInitial(() -> Fields.NONE);

    private LogContext() {}

    /** Sets the fields for the current thread until the returned scope is closed. */
    public static Scope open(String tenantId, String correlationId) {
        Fields previous = CURRENT.get();
        CURRENT.set(new Fields(tenantId == null ? "" : tenantId, correlationId == null ? "" : correlationId));
        return () -> CURRENT.set(previous);
    }

    /** The current thread's fields ("" each when none are set). */
    public static Fields current() {
        return CURRENT.get();
    }
}
