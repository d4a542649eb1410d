package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.awaitIdle;
import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.failure;
import static io.alertgate.delivery.EngineHarness.policy;
import static io.alertgate.delivery.EngineHarness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.store.RedisDeadLetterLog;
import io.alertgate.store.RedisServer;
import io.alertgate.store.RedisStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter contract on a real redis-server ({@code appendonly yes}), and dead letters across restarts. */
class RedisDeadLettersTest extends DeadLettersContract {
    private static RedisServer server;
    private final List<RedisStateStore> clients = new ArrayList<>();
    private final Destination ops = webhook("ops");
    private final DestinationResolver resolver = (tenant, name) -> name.equals("ops") ? Optional.of(ops) : Optional.empty();

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.startAppendOnly();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void fresh() {
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
            c.flushAll();
        }
    }

    @AfterEach
    void close() {
        clients.forEach(RedisStateStore::close);
    }

    @Override
    DeadLetters deadLetters(int capacity) {
        RedisStateStore c = new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 4));
        clients.add(c);
        return new StoredDeadLetters(new RedisDeadLetterLog(c, capacity), resolver, Clock.systemUTC());
    }

    @Test
    void deadLetters_surviveARedisCrashAndAGatewayRestart_andReplayDelivers() throws Exception {
        EngineHarness first = new EngineHarness();
        first.transport.script("ops", failure(FailureReason.CHANNEL_GONE, 404, "channel_not_found"));
        DeadLetters before = deadLetters(100);
        try (DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(first.transport, t -> policy(),
                before, e -> {}, first.clock, first.sleeper, () -> 0.5, 100, Duration.ofSeconds(5)))) {
            engine.enqueue(delivery(ops, Priority.CRITICAL, "lost-channel"));
            awaitIdle(engine);
        }
        server.crashAndRestart();

        EngineHarness second = new EngineHarness();
        DeadLetters after = awaitReadable(() -> deadLetters(100));
        List<DeadLetter> listed = after.list();
        assertEquals(1, listed.size());
        assertEquals("channel_not_found", listed.get(0).errorCode());
        try (DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(second.transport, t -> policy(),
                after, e -> {}, second.clock, second.sleeper, () -> 0.5, 100, Duration.ofSeconds(5)))) {
            assertEquals(DeliveryEngine.Replay.REQUEUED, engine.replay(listed.get(0).id()));
            awaitIdle(engine);
            assertEquals(DeliveryEngine.Replay.NOT_FOUND, engine.replay(listed.get(0).id()));
        }
        assertEquals(List.of("lost-channel"), second.transport.to("ops").stream().map(s -> s.message().text()).toList());
        assertEquals(List.of(), after.list());
    }

    /** Waits for the restarted server to load its append-only file. */
    private static DeadLetters awaitReadable(java.util.function.Supplier<DeadLetters> make) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        DeadLetters d = make.get();
        while (System.nanoTime() < deadline) {
            try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", server.port())) {
                c.ping();
                return d;
            } catch (RuntimeException loading) {
                Thread.sleep(50);
            }
        }
        return d;
    }
}
