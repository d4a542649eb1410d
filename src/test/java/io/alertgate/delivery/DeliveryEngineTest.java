package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.awaitIdle;
import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.failure;
import static io.alertgate.delivery.EngineHarness.policy;
import static io.alertgate.delivery.EngineHarness.rateLimited;
import static io.alertgate.delivery.EngineHarness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.CircuitBreaker.State;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.Sleeper;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The delivery engine on a fake clock: retries, pacing, priorities, breaker, fallback, dead letters, drain. */
class DeliveryEngineTest {
    private final EngineHarness h = new EngineHarness();
    private final Destination ops = webhook("ops");

    @Test
    void enqueue_underInjected500sAndTimeouts_deliversEverythingAccepted() throws Exception {
        FailureReason[] faults = {FailureReason.SERVER_ERROR, FailureReason.TIMEOUT, FailureReason.NETWORK};
        // Each message meets one to three faults (a retry keeps its place, so the script is per message).
        for (int i = 0; i < 50; i++) {
            for (int f = 0; f <= i % 3; f++) h.transport.script("ops", failure(faults[(i + f) % faults.length]));
            h.transport.script("ops", SendResult.ok(200, "", ""));
        }
        try (DeliveryEngine engine = h.engine(policy())) {
            for (int i = 0; i < 50; i++) assertTrue(engine.enqueue(delivery(ops, Priority.MEDIUM, "m" + i)));
            awaitIdle(engine);
        }
        Set<String> delivered = new HashSet<>();
        h.events(DeliveryEvent.Delivered.class).forEach(d -> delivered.add(d.delivery().message().text()));
        assertEquals(50, delivered.size(), "delivered " + delivered + ", dead letters " + h.deadLetters.list());
        assertEquals(50 + 50 + 33 + 16, h.transport.sent.size(), "each fault was retried once");
        assertTrue(h.deadLetters.list().isEmpty());
    }

    @Test
    void rateLimited_withRetryAfter_isNeverRetriedEarlyAndPausesTheDestination() throws Exception {
        h.transport.script("ops", rateLimited(Duration.ofSeconds(7)));
        try (DeliveryEngine engine = h.engine(policy())) {
            engine.enqueue(delivery(ops, Priority.HIGH, "first"));
            engine.enqueue(delivery(ops, Priority.HIGH, "second"));
            awaitIdle(engine);
        }
        List<EngineHarness.Sent> sent = h.transport.to("ops");
        assertEquals(List.of("first", "first", "second"), sent.stream().map(s -> s.message().text()).toList());
        long refusedAt = sent.get(0).atNanos();
        assertEquals(Duration.ofSeconds(7), Duration.ofNanos(sent.get(1).atNanos() - refusedAt));
        assertTrue(sent.get(2).atNanos() - refusedAt >= Duration.ofSeconds(7).toNanos());
    }

    @Test
    void retryableFailure_isRetriedAfterBackoffAtTheHeadOfItsLane() throws Exception {
        h.transport.script("ops", failure(FailureReason.SERVER_ERROR));
        try (DeliveryEngine engine = h.engine(policy())) {
            engine.enqueue(delivery(ops, Priority.LOW, "a"));
            engine.enqueue(delivery(ops, Priority.LOW, "b"));
            awaitIdle(engine);
        }
        assertEquals(List.of("a", "a", "b"), h.transport.to("ops").stream().map(s -> s.message().text()).toList());
        assertTrue(h.sleeps.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(900)) > 0), "backoff waited: " + h.sleeps);
    }

    @Test
    void critical_overtakesABacklogOf1000LowPriorityMessages() throws Exception {
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var blockingFirst = new io.alertgate.slack.SlackTransport() {
            boolean blocked;

            @Override
            public SendResult send(Destination d, io.alertgate.slack.SlackMessage m) {
                if (!blocked) {
                    blocked = true;
                    firstSendStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return h.transport.send(d, m);
            }
        };
        try (DeliveryEngine engine = h.engine(policy(), blockingFirst)) {
            engine.enqueue(delivery(ops, Priority.LOW, "low-0"));
            assertTrue(firstSendStarted.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 1000; i++) assertTrue(engine.enqueue(delivery(ops, Priority.LOW, "low-" + i)));
            assertTrue(engine.enqueue(delivery(ops, Priority.CRITICAL, "critical")));
            release.countDown();
            awaitIdle(engine);
        }
        List<String> order = h.transport.to("ops").stream().map(s -> s.message().text()).toList();
        assertEquals(1002, order.size());
        assertEquals(List.of("low-0", "critical", "low-1"), order.subList(0, 3));
    }

    @Test
    void storm_mergesTheNonCriticalBacklogIntoOneDigestAfterTheCriticals() throws Exception {
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        io.alertgate.slack.SlackTransport blockingFirst = new io.alertgate.slack.SlackTransport() {
            boolean blocked;

            @Override
            public SendResult send(Destination d, io.alertgate.slack.SlackMessage m) {
                if (!blocked) {
                    blocked = true;
                    firstSendStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return h.transport.send(d, m);
            }
        };
        try (DeliveryEngine engine = h.engine(EngineHarness.withDigest(policy(), 50), blockingFirst)) {
            engine.enqueue(delivery(ops, Priority.LOW, "before the storm"));
            assertTrue(firstSendStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 300; i++) {
                Priority p = i % 3 == 0 ? Priority.HIGH : Priority.LOW;
                Delivery d = delivery(ops, p, "group " + i);
                engine.enqueue(new Delivery(d.tenant(), d.groupKey(), ops, d.message(), p, d.correlationId(),
                        i % 2 == 0 ? "DiskFull" : "HighLatency"));
            }
            engine.enqueue(delivery(ops, Priority.CRITICAL, "critical 1"));
            engine.enqueue(delivery(ops, Priority.CRITICAL, "critical 2"));
            release.countDown();
            awaitIdle(engine);
        }
        List<String> texts = h.transport.to("ops").stream().map(s -> s.message().text()).toList();
        assertEquals(4, texts.size(), texts.toString());
        assertEquals(List.of("before the storm", "critical 1", "critical 2"), texts.subList(0, 3));
        assertTrue(texts.get(3).startsWith("Alert storm: 300 notifications for ops"), texts.get(3));
        assertEquals(300, h.events(DeliveryEvent.Digested.class).get(0).merged());
    }

    @Test
    void breaker_opensAfterThresholdThenHalfOpensAfterRecoveryThenCloses() throws Exception {
        var breaker = new CircuitBreaker.Config(3, Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) h.transport.script("ops", failure(FailureReason.SERVER_ERROR));
        try (DeliveryEngine engine = h.engine(EngineHarness.withBreaker(policy(), breaker))) {
            engine.enqueue(delivery(ops, Priority.HIGH, "x"));
            awaitIdle(engine);
            assertEquals(State.CLOSED, engine.breakerState("acme", "ops"));
        }
        List<String> transitions = h.events(DeliveryEvent.BreakerChanged.class).stream()
                .map(e -> e.from() + "->" + e.to()).toList();
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), transitions);
        List<EngineHarness.Sent> sent = h.transport.to("ops");
        assertEquals(4, sent.size());
        assertTrue(sent.get(3).atNanos() - sent.get(2).atNanos() >= Duration.ofSeconds(60).toNanos(),
                "the probe waited out the recovery timeout");
    }

    @Test
    void breakerOpen_pastTheGrace_sendsWaitingMessagesToTheFallback() throws Exception {
        Destination fallback = webhook("fallback");
        var breaker = new CircuitBreaker.Config(2, Duration.ofSeconds(60));
        h.transport.script("ops", failure(FailureReason.SERVER_ERROR), failure(FailureReason.TIMEOUT));
        DeliveryPolicy p = EngineHarness.withFallback(EngineHarness.withBreaker(policy(), breaker), fallback);
        p = new DeliveryPolicy(p.rateLimit(), p.workspaceRateLimit(), p.breaker(), p.retry(), p.fallback(), Duration.ofSeconds(30), 0);
        try (DeliveryEngine engine = h.engine(p)) {
            engine.enqueue(delivery(ops, Priority.HIGH, "x"));
            awaitIdle(engine);
            assertEquals(State.OPEN, engine.breakerState("acme", "ops"));
        }
        List<EngineHarness.Sent> atFallback = h.transport.to("fallback");
        assertEquals(1, atFallback.size());
        assertTrue(atFallback.get(0).message().text().startsWith("Meant for ops, which is down (circuit breaker open)"),
                atFallback.get(0).message().text());
        assertEquals(2, h.transport.to("ops").size(), "no request while the breaker was open");
    }

    @Test
    void tokenBucket_pacesADestinationWithoutBusyWaiting() throws Exception {
        var rate = new TokenBucket.Config(1.0, 2);
        try (DeliveryEngine engine = h.engine(EngineHarness.withRate(policy(), rate))) {
            for (int i = 0; i < 6; i++) engine.enqueue(delivery(ops, Priority.MEDIUM, "m" + i));
            awaitIdle(engine);
        }
        List<EngineHarness.Sent> sent = h.transport.to("ops");
        assertEquals(6, sent.size());
        // burst 2, then one per second: the sixth goes 4 s after the first, and each wait was one sleep.
        assertEquals(Duration.ofSeconds(4), Duration.ofNanos(sent.get(5).atNanos() - sent.get(0).atNanos()));
        assertEquals(4, h.sleeps.size(), "sleeps: " + h.sleeps);
    }

    @Test
    void critical_arrivingWhileTheDispatcherWaitsForAToken_takesTheNextSlot() throws Exception {
        var rate = new TokenBucket.Config(1.0, 1);
        var engineRef = new java.util.concurrent.atomic.AtomicReference<DeliveryEngine>();
        var criticalSent = new java.util.concurrent.atomic.AtomicBoolean();
        // The first wait for a token is when the critical arrives.
        io.alertgate.slack.Sleeper arrivesDuringWait = d -> {
            if (criticalSent.compareAndSet(false, true)) {
                engineRef.get().enqueue(delivery(ops, Priority.CRITICAL, "critical"));
            }
            h.sleeper.sleep(d);
        };
        try (DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(h.transport,
                tenant -> EngineHarness.withRate(policy(), rate), h.deadLetters, h.events::add, h.clock,
                arrivesDuringWait, () -> 0.999_999, 5_000, Duration.ofSeconds(5)))) {
            engineRef.set(engine);
            engine.enqueue(delivery(ops, Priority.MEDIUM, "m0"));
            engine.enqueue(delivery(ops, Priority.MEDIUM, "m1"));
            awaitIdle(engine);
        }
        List<String> order = h.transport.to("ops").stream().map(s -> s.message().text()).toList();
        assertEquals(List.of("m0", "critical", "m1"), order);
    }

    @Test
    void workspaceBucket_isSharedByTheChannelsOfOneBotToken() throws Exception {
        var token = io.alertgate.secrets.Secret.of("xoxb-1");
        java.net.URI api = java.net.URI.create("http://127.0.0.1:9/api/");
        Destination a = new Destination.Channel("#a", "#a", token, api);
        Destination b = new Destination.Channel("#b", "#b", io.alertgate.secrets.Secret.of("xoxb-1"), api);
        var shared = new TokenBucket.Config(1.0, 2);
        try (DeliveryEngine engine = h.engine(EngineHarness.withWorkspaceRate(policy(), shared))) {
            for (int i = 0; i < 3; i++) {
                engine.enqueue(delivery(a, Priority.MEDIUM, "a" + i));
                engine.enqueue(delivery(b, Priority.MEDIUM, "b" + i));
            }
            awaitIdle(engine);
        }
        List<Long> times = h.transport.sent.stream().map(EngineHarness.Sent::atNanos).sorted().toList();
        assertEquals(6, times.size());
        // Two channels, one workspace: burst 2 then one per second, so six posts span four seconds.
        assertTrue(times.get(5) - times.get(0) >= Duration.ofSeconds(4).toNanos(), times.toString());
    }

    @Test
    void replay_ofADeadLetterWhoseDestinationIsGone_isRefused_andTheLetterStays_evenWithAFallback() throws Exception {
        Destination fallback = webhook("fallback");
        DeadLetter letter = h.deadLetters.add(delivery(new Destination.Unresolved("webhook:gone"), Priority.HIGH, "x"),
                DeadLetter.DESTINATION_GONE, Destination.Unresolved.ERROR_CODE, 0);
        try (DeliveryEngine engine = h.engine(EngineHarness.withFallback(policy(), fallback))) {
            assertEquals(DeliveryEngine.Replay.DESTINATION_GONE, engine.replay(letter.id()));
            awaitIdle(engine);
        }
        assertEquals(List.of(letter.id()), h.deadLetters.list().stream().map(DeadLetter::id).toList());
        assertTrue(h.transport.to("fallback").isEmpty(), "like recovery, a gone destination is not re-routed to the fallback");
    }

    @Test
    void channelGone_withFallback_reroutesWithAMeantForLine() throws Exception {
        Destination fallback = webhook("fallback");
        h.transport.script("ops", failure(FailureReason.CHANNEL_GONE, 410, "channel_is_archived"));
        try (DeliveryEngine engine = h.engine(EngineHarness.withFallback(policy(), fallback))) {
            engine.enqueue(delivery(ops, Priority.HIGH, "disk full"));
            awaitIdle(engine);
        }
        List<EngineHarness.Sent> atFallback = h.transport.to("fallback");
        assertEquals(1, atFallback.size());
        String text = atFallback.get(0).message().text();
        assertTrue(text.startsWith("Meant for ops, which refused it (channel_is_archived)"), text);
        assertEquals("context", atFallback.get(0).message().blocks().get(0).get("type"));
        assertEquals(1, h.transport.to("ops").size(), "a permanent failure is never retried");
        assertTrue(h.deadLetters.list().isEmpty());
    }

    @Test
    void channelGone_atTheFallbackToo_becomesADeadLetterOfTheOriginal() throws Exception {
        Destination fallback = webhook("fallback");
        h.transport.script("ops", failure(FailureReason.AUTH, 403, "invalid_token"));
        h.transport.script("fallback", failure(FailureReason.CHANNEL_GONE, 404, "channel_not_found"));
        try (DeliveryEngine engine = h.engine(EngineHarness.withFallback(policy(), fallback))) {
            engine.enqueue(delivery(ops, Priority.HIGH, "x"));
            awaitIdle(engine);
        }
        List<DeadLetter> letters = h.deadLetters.list();
        assertEquals(1, letters.size());
        assertEquals("ops", letters.get(0).delivery().destination().name());
        assertEquals("channel_gone", letters.get(0).reason());
        assertEquals(2, letters.get(0).attempts());
    }

    @Test
    void badPayload_isResentOnceAsTextOnly() throws Exception {
        h.transport.script("ops", failure(FailureReason.BAD_PAYLOAD, 400, "invalid_blocks"));
        try (DeliveryEngine engine = h.engine(policy())) {
            engine.enqueue(delivery(ops, Priority.MEDIUM, "x"));
            awaitIdle(engine);
        }
        List<EngineHarness.Sent> sent = h.transport.to("ops");
        assertEquals(2, sent.size());
        assertFalse(sent.get(0).message().blocks().isEmpty());
        assertTrue(sent.get(1).message().blocks().isEmpty());
        assertEquals("x", sent.get(1).message().text());
    }

    @Test
    void badPayload_twice_becomesADeadLetter() throws Exception {
        h.transport.script("ops", failure(FailureReason.BAD_PAYLOAD, 400, "invalid_blocks"),
                failure(FailureReason.BAD_PAYLOAD, 400, "msg_too_long"));
        try (DeliveryEngine engine = h.engine(policy())) {
            engine.enqueue(delivery(ops, Priority.MEDIUM, "x"));
            awaitIdle(engine);
        }
        assertEquals("msg_too_long", h.deadLetters.list().get(0).errorCode());
    }

    @Test
    void retries_whenExhausted_becomeADeadLetterWithTheReason() throws Exception {
        var retry = new Backoff.Config(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofHours(1));
        for (int i = 0; i < 3; i++) h.transport.script("ops", failure(FailureReason.SERVER_ERROR, 503, ""));
        try (DeliveryEngine engine = h.engine(EngineHarness.withRetry(policy(), retry))) {
            engine.enqueue(delivery(ops, Priority.MEDIUM, "x"));
            awaitIdle(engine);
            DeadLetter letter = engine.deadLetters().list().get(0);
            assertEquals("server_error", letter.reason());
            assertEquals(3, letter.attempts());

            assertEquals(DeliveryEngine.Replay.REQUEUED, engine.replay(letter.id()));
            awaitIdle(engine);
            assertEquals(DeliveryEngine.Replay.NOT_FOUND, engine.replay(letter.id()));
        }
        assertEquals(4, h.transport.to("ops").size());
        assertTrue(h.deadLetters.list().isEmpty(), "the replay was delivered");
    }

    @Test
    void drain_stopsAcceptingAndCountsWhatCouldNotBeSent() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        var stuck = new io.alertgate.slack.SlackTransport() {
            @Override
            public SendResult send(Destination d, io.alertgate.slack.SlackMessage m) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return failure(FailureReason.NETWORK);
            }
        };
        // Real clock and sleeper: the drain bound is real time.
        DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(stuck, t -> policy(), h.deadLetters,
                DeliveryListener.NONE, NanoClock.system(), Sleeper.THREAD, () -> 0.5, 100, Duration.ofMillis(100)));
        for (int i = 0; i < 3; i++) assertTrue(engine.enqueue(delivery(ops, Priority.LOW, "m" + i)));
        assertEquals(3, engine.drain());
        assertFalse(engine.enqueue(delivery(ops, Priority.CRITICAL, "late")));
    }

    @Test
    void drain_withNothingStuck_flushesTheLanesFirst() throws Exception {
        DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(h.transport, t -> policy(), h.deadLetters,
                DeliveryListener.NONE, NanoClock.system(), Sleeper.THREAD, () -> 0.5, 100, Duration.ofSeconds(10)));
        for (int i = 0; i < 20; i++) assertTrue(engine.enqueue(delivery(ops, Priority.LOW, "m" + i)));
        assertEquals(0, engine.drain());
        assertEquals(20, h.transport.to("ops").size());
    }

    @Test
    void laneDepth_isReportedOnEnqueueAndDispatch() throws Exception {
        try (DeliveryEngine engine = h.engine(policy())) {
            engine.enqueue(delivery(ops, Priority.INFO, "x"));
            awaitIdle(engine);
        }
        List<DeliveryEvent.LaneDepth> depths = h.events(DeliveryEvent.LaneDepth.class);
        assertEquals(1, depths.get(0).depth());
        assertEquals(0, depths.get(depths.size() - 1).depth());
        assertEquals(Priority.INFO, depths.get(0).priority());
        assertEquals(1, h.events(DeliveryEvent.Attempted.class).size());
    }
}
