package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.FakeNanoClock;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackMessage;
import io.alertgate.slack.SlackTransport;
import io.alertgate.slack.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Test parts for the engine: a fake clock whose sleeper advances it (so waits cost no real time
 * and are recorded), a scripted in-memory transport that stamps each request with the clock, and
 * an event recorder.
 */
final class EngineHarness {
    static final Duration AWAIT = Duration.ofSeconds(10);

    final FakeNanoClock clock = new FakeNanoClock();
    /** Every wait the engine asked for, in order. */
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    final ScriptedTransport transport = new ScriptedTransport(clock);
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    final InMemoryDeadLetters deadLetters =
            new InMemoryDeadLetters(10_000, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));

    /** One request as the transport saw it, with the fake clock's reading. */
    record Sent(Destination destination, SlackMessage message, long atNanos, SendResult result) {}

    /** Answers each destination from its script (then success), and records every request. */
    static final class ScriptedTransport implements SlackTransport {
        private final NanoClock clock;
        private final Map<String, Queue<SendResult>> scripts = new HashMap<>();
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        ScriptedTransport(NanoClock clock) {
            this.clock = clock;
        }

        synchronized void script(String destination, SendResult... results) {
            scripts.computeIfAbsent(destination, d -> new ArrayDeque<>()).addAll(List.of(results));
        }

        @Override
        public SendResult send(Destination destination, SlackMessage message) {
            SendResult r;
            synchronized (this) {
                Queue<SendResult> q = scripts.get(destination.name());
                r = q == null || q.isEmpty() ? SendResult.ok(200, "", "") : q.poll();
            }
            sent.add(new Sent(destination, message, clock.nanoTime(), r));
            return r;
        }

        List<Sent> to(String destination) {
            return sent.stream().filter(s -> s.destination().name().equals(destination)).toList();
        }
    }

    static SendResult failure(FailureReason reason) {
        return SendResult.failed(reason, 500, "", Optional.empty());
    }

    static SendResult failure(FailureReason reason, int status, String code) {
        return SendResult.failed(reason, status, code, Optional.empty());
    }

    static SendResult rateLimited(Duration retryAfter) {
        return SendResult.failed(FailureReason.RATE_LIMITED, 429, "rate_limited", Optional.of(retryAfter));
    }

    static Destination webhook(String name) {
        return new Destination.Webhook(name, Secret.of("https://hooks.example.test/" + name));
    }

    static Delivery delivery(Destination to, Priority priority, String text) {
        SlackMessage message = new SlackMessage(text,
                List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text))), List.of());
        return new Delivery("acme", "{}:{alertname=\"" + text + "\"}", to, message, priority, "req-" + text);
    }

    /** No rate limit, a breaker of 5 / 60 s, backoff 1 s..8 s with many attempts, no fallback, no digest. */
    static DeliveryPolicy policy() {
        return new DeliveryPolicy(Optional.empty(), Optional.empty(), CircuitBreaker.Config.defaults(),
                new Backoff.Config(Duration.ofSeconds(1), Duration.ofSeconds(8), 20, Duration.ofHours(1)),
                Optional.empty(), DeliveryPolicy.DEFAULT_OPEN_FALLBACK_AFTER, 0);
    }

    static DeliveryPolicy withRate(DeliveryPolicy p, TokenBucket.Config rate) {
        return new DeliveryPolicy(Optional.of(rate), p.workspaceRateLimit(), p.breaker(), p.retry(), p.fallback(), p.openFallbackAfter(), p.digestThreshold());
    }

    static DeliveryPolicy withBreaker(DeliveryPolicy p, CircuitBreaker.Config breaker) {
        return new DeliveryPolicy(p.rateLimit(), p.workspaceRateLimit(), breaker, p.retry(), p.fallback(), p.openFallbackAfter(), p.digestThreshold());
    }

    static DeliveryPolicy withRetry(DeliveryPolicy p, Backoff.Config retry) {
        return new DeliveryPolicy(p.rateLimit(), p.workspaceRateLimit(), p.breaker(), retry, p.fallback(), p.openFallbackAfter(), p.digestThreshold());
    }

    static DeliveryPolicy withWorkspaceRate(DeliveryPolicy p, TokenBucket.Config rate) {
        return new DeliveryPolicy(p.rateLimit(), Optional.of(rate), p.breaker(), p.retry(), p.fallback(),
                p.openFallbackAfter(), p.digestThreshold());
    }

    static DeliveryPolicy withDigest(DeliveryPolicy p, int threshold) {
        return new DeliveryPolicy(p.rateLimit(), p.workspaceRateLimit(), p.breaker(), p.retry(), p.fallback(), p.openFallbackAfter(), threshold);
    }

    static DeliveryPolicy withFallback(DeliveryPolicy p, Destination fallback) {
        return new DeliveryPolicy(p.rateLimit(), p.workspaceRateLimit(), p.breaker(), p.retry(), Optional.of(fallback), p.openFallbackAfter(), p.digestThreshold());
    }

    DeliveryEngine engine(DeliveryPolicy policy) {
        return engine(policy, transport);
    }

    DeliveryEngine engine(DeliveryPolicy policy, SlackTransport t) {
        return engine(policy, t, OutboxJournal.NONE);
    }

    DeliveryEngine engine(DeliveryPolicy policy, SlackTransport t, OutboxJournal journal) {
        // Jitter draws the top of each window, so backoff waits are predictable.
        return new DeliveryEngine(new DeliveryEngine.Settings(t, tenant -> policy, deadLetters, events::add, clock,
                sleeper, () -> 0.999_999, 5_000, Duration.ofSeconds(5)), journal);
    }

    <T extends DeliveryEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (DeliveryEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }

    /** Waits (real time, bounded) until the engine has nothing outstanding. */
    static void awaitIdle(DeliveryEngine engine) throws InterruptedException {
        await(() -> engine.outstanding() == 0, "engine idle, still outstanding: " + engine.outstanding());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(2);
        }
    }
}
