package io.alertgate.delivery;

import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackTransport;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The first, simple outbox: each accepted delivery is sent on its own virtual thread through the
 * given transport (which owns retries). No lanes, no rate limit yet — the delivery engine issue
 * replaces this with per-destination priority lanes, token buckets and circuit breakers.
 * {@link #close()} stops accepting and waits a bounded time for messages in flight.
 */
public final class Dispatcher implements Outbox, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.alertgate.delivery");

    private final SlackTransport transport;
    private final Consumer<Outcome> listener;
    private final Duration drainTimeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();

    /** What became of one delivery, for logs, metrics and tests. */
    public record Outcome(Delivery delivery, SendResult result) {}

    public Dispatcher(SlackTransport transport, Duration drainTimeout, Consumer<Outcome> listener) {
        this.transport = transport;
        this.drainTimeout = drainTimeout;
        this.listener = listener;
    }

    @Override
    public boolean enqueue(Delivery delivery) {
        if (closed.get()) return false;
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> send(delivery));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet();
            return false;
        }
    }

    private void send(Delivery d) {
        try {
            SendResult r = transport.send(d.destination(), d.message());
            if (r.ok()) {
                LOG.log(System.Logger.Level.DEBUG, "tenant {0}: delivered to {1}", d.tenant(), d.destination().name());
            } else {
                LOG.log(System.Logger.Level.WARNING, "tenant {0}: delivery to {1} failed: {2} {3} (HTTP {4})",
                        d.tenant(), d.destination().name(), r.reason().label(), r.errorCode(), r.httpStatus());
            }
            listener.accept(new Outcome(d, r));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tenant " + d.tenant() + ": delivery to " + d.destination().name()
                    + " crashed", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Messages accepted and not yet finished. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Stops accepting, then waits up to the drain timeout for messages in flight. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0} messages still in flight after the drain timeout", inFlight.get());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
