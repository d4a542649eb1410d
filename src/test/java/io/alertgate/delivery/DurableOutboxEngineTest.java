package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.awaitIdle;
import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.failure;
import static io.alertgate.delivery.EngineHarness.policy;
import static io.alertgate.delivery.EngineHarness.webhook;
import static io.alertgate.delivery.EngineHarness.withDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackMessage;
import io.alertgate.slack.SlackTransport;
import io.alertgate.store.InMemoryOutboxStore;
import io.alertgate.store.OutboxStore;
import io.alertgate.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with a durable outbox (the in-memory store on a fake clock standing in for Redis). */
class DurableOutboxEngineTest {
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final EngineHarness h = new EngineHarness();
    private final Destination ops = webhook("ops");
    private final MutableClock wall = new MutableClock();
    private final InMemoryOutboxStore.Shared redis = new InMemoryOutboxStore.Shared(wall);
    private final DestinationResolver resolver = (tenant, name) -> name.equals("ops") ? Optional.of(ops) : Optional.empty();
    /** Holds every send of a "crashed" engine until the test ends. */
    private final CountDownLatch never = new CountDownLatch(1);
    private final SlackTransport hanging = (d, m) -> {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure(FailureReason.UNKNOWN);
    };

    @AfterEach
    void releaseHangingSends() {
        never.countDown();
    }

    private StoredJournal journal(String consumer) {
        return journal(redis.consumer(consumer));
    }

    private StoredJournal journal(OutboxStore store) {
        return new StoredJournal(store, resolver, () -> List.of("acme"), IDLE);
    }

    @Test
    void enqueue_storesTheDeliveryBeforeAccepting_andDeliveryRemovesIt() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SlackTransport gated = (d, m) -> {
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return h.transport.send(d, m);
        };
        try (DeliveryEngine engine = h.engine(policy(), gated, journal("a"))) {
            assertTrue(engine.enqueue(delivery(ops, Priority.HIGH, "one")));
            assertTrue(sending.await(10, TimeUnit.SECONDS));
            List<OutboxStore.Entry> stored = redis.consumer("a").owned("acme", 10);
            assertEquals(1, stored.size());
            assertEquals("one", stored.get(0).fields().get("text"));
            release.countDown();
            awaitIdle(engine);
        }
        assertEquals(List.of(), redis.consumer("a").owned("acme", 10));
        assertEquals(1, h.transport.sent.size());
    }

    @Test
    void enqueue_whenTheOutboxCannotBeWritten_isRefusedAndNothingIsSent() throws Exception {
        OutboxStore down = new OutboxStore() {
            @Override
            public String append(String tenant, Map<String, String> fields) {
                throw new StoreException("redis: JedisConnectionException", null);
            }

            @Override
            public void remove(String tenant, String id) {}

            @Override
            public List<Entry> owned(String tenant, int limit) {
                return List.of();
            }

            @Override
            public List<Entry> claimIdle(String tenant, Duration minIdle, int limit) {
                return List.of();
            }

            @Override
            public void touch(String tenant, Collection<String> ids) {}
        };
        try (DeliveryEngine engine = h.engine(policy(), h.transport, journal(down))) {
            assertFalse(engine.enqueue(delivery(ops, Priority.CRITICAL, "one")));
            assertEquals(0, engine.outstanding());
        }
        assertEquals(List.of(), h.transport.sent);
    }

    @Test
    void deadLetter_removesTheEntryFromTheOutbox() throws Exception {
        h.transport.script("ops", failure(FailureReason.CHANNEL_GONE, 404, "channel_not_found"));
        try (DeliveryEngine engine = h.engine(policy(), h.transport, journal("a"))) {
            engine.enqueue(delivery(ops, Priority.HIGH, "one"));
            awaitIdle(engine);
        }
        assertEquals(1, h.deadLetters.list().size());
        assertEquals(List.of(), redis.consumer("a").owned("acme", 10));
    }

    @Test
    void restartedEngine_deliversEverythingTheCrashedOneAcceptedOnce() throws Exception {
        DeliveryEngine crashed = h.engine(policy(), hanging, journal("a"));
        for (String t : List.of("one", "two", "three")) assertTrue(crashed.enqueue(delivery(ops, Priority.HIGH, t)));
        // "kill -9": the crashed engine is never closed; a new process with the same consumer name starts.
        try (DeliveryEngine restarted = h.engine(policy(), h.transport, journal("a"))) {
            assertEquals(3, restarted.recover());
            awaitIdle(restarted);
            assertEquals(0, restarted.recover(), "each entry is taken over once");
        }
        assertEquals(List.of("one", "two", "three"), h.transport.to("ops").stream().map(s -> s.message().text()).toList());
        assertEquals(List.of(), redis.consumer("a").owned("acme", 10));
    }

    @Test
    void anotherReplica_takesNothingWhileTheOwnerTouches_andEverythingOnceItStops() throws Exception {
        StoredJournal owner = journal("a");
        DeliveryEngine alive = h.engine(policy(), hanging, owner);
        for (String t : List.of("one", "two")) assertTrue(alive.enqueue(delivery(ops, Priority.HIGH, t)));
        try (DeliveryEngine other = h.engine(policy(), h.transport, journal("b"))) {
            wall.advance(IDLE.dividedBy(2));
            alive.recover(); // the owner's heartbeat
            wall.advance(IDLE.dividedBy(2).plusSeconds(1));
            assertEquals(0, other.recover(), "touched within the idle time: still the owner's");
            wall.advance(IDLE);
            assertEquals(2, other.recover(), "the owner went quiet: taken over");
            awaitIdle(other);
            assertEquals(0, other.recover());
        }
        assertEquals(2, h.transport.to("ops").size());
    }

    @Test
    void recover_ofAnEntryWhoseDestinationIsGone_isADeadLetterSayingSo() throws Exception {
        Delivery gone = delivery(webhook("webhook:removed"), Priority.HIGH, "orphan");
        redis.consumer("a").append("acme", DeliveryCodec.encode(gone));
        try (DeliveryEngine engine = h.engine(policy(), h.transport, journal("a"))) {
            assertEquals(1, engine.recover());
            awaitIdle(engine);
        }
        DeadLetter letter = h.deadLetters.list().get(0);
        assertEquals(DeadLetter.DESTINATION_GONE, letter.reason());
        assertEquals(Destination.Unresolved.ERROR_CODE, letter.errorCode());
        assertEquals("webhook:removed", letter.delivery().destination().name());
        assertEquals(List.of(), h.transport.sent);
        assertEquals(List.of(), redis.consumer("a").owned("acme", 10));
    }

    @Test
    void storm_digestSettlesEveryMergedEntry() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SlackTransport gated = new SlackTransport() {
            boolean first = true;

            @Override
            public SendResult send(Destination d, SlackMessage m) {
                if (first) {
                    first = false;
                    sending.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return h.transport.send(d, m);
            }
        };
        try (DeliveryEngine engine = h.engine(withDigest(policy(), 5), gated, journal("a"))) {
            engine.enqueue(delivery(ops, Priority.LOW, "first"));
            assertTrue(sending.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) engine.enqueue(delivery(ops, Priority.LOW, "low-" + i));
            assertEquals(21, redis.consumer("a").owned("acme", 100).size());
            release.countDown();
            awaitIdle(engine);
        }
        assertEquals(2, h.transport.sent.size(), "the first message, then one digest");
        assertEquals(List.of(), redis.consumer("a").owned("acme", 100));
    }

    /** A wall clock tests move by hand (the in-memory store's idle times). */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T00:00:00Z");

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
