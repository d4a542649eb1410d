package io.alertgate.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.Status;
import io.alertgate.store.RedisServer;
import io.alertgate.store.RedisStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Escalations shared by replicas through a real redis-server. */
class RedisEscalationsTest {
    private RedisServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private RedisStateStore store() {
        return new RedisStateStore(new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 4));
    }

    private Escalations replica(RedisStateStore store) {
        return new Escalations(store, Map.of("acme", EscalationsTest.POLICY), (e, step, level) -> {
            fired.computeIfAbsent(e.id() + " step " + step, k -> new AtomicInteger()).incrementAndGet();
            return true;
        }, clock, Escalations.randomIds());
    }

    @Test
    void twoReplicas_pollingTogether_fireEachStepExactlyOnce() throws Exception {
        try (RedisStateStore s1 = store(); RedisStateStore s2 = store()) {
            Escalations a = replica(s1);
            Escalations b = replica(s2);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Escalations via = i % 2 == 0 ? a : b;
                ids.add(via.onNotification("acme", EscalationsTest.group("g" + i, Status.FIRING, "critical")).orElseThrow());
                // The other replica sees the same notification (an Alertmanager HA pair): same escalation.
                Escalations other = via == a ? b : a;
                assertEquals(ids.get(i), other.onNotification("acme",
                        EscalationsTest.group("g" + i, Status.FIRING, "critical")).orElseThrow());
            }
            for (int minute = 0; minute < 40; minute++) {
                clock.advance(Duration.ofMinutes(1));
                CountDownLatch go = new CountDownLatch(1);
                Thread ta = Thread.ofVirtual().start(() -> await(go, a));
                Thread tb = Thread.ofVirtual().start(() -> await(go, b));
                go.countDown();
                ta.join();
                tb.join();
            }
            assertEquals(20 * EscalationsTest.POLICY.steps(), fired.size());
            fired.forEach((step, count) -> assertEquals(1, count.get(), step));
        }
    }

    private static void await(CountDownLatch go, Escalations e) {
        try {
            go.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        e.poll();
    }

    @Test
    void redisRestartedMidEscalation_everyStepStillFiresOnce() throws Exception {
        try (RedisStateStore s = store()) {
            Escalations esc = replica(s);
            String id = esc.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
            clock.advance(Duration.ofMinutes(5));
            assertEquals(1, esc.poll());
            server.restart(s);
            Escalations restartedGateway = replica(s);
            clock.advance(Duration.ofMinutes(10));
            assertEquals(1, restartedGateway.poll());
            clock.advance(Duration.ofMinutes(10));
            assertEquals(1, restartedGateway.poll());
            clock.advance(Duration.ofHours(1));
            assertEquals(0, restartedGateway.poll());
            assertEquals(Map.of(id + " step 1", 1, id + " step 2", 1, id + " step 3", 1),
                    Map.copyOf(fired.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().get()))));
        }
    }

    @Test
    void acknowledgedOnOneReplica_theOtherFiresNothingMore() throws Exception {
        try (RedisStateStore s1 = store(); RedisStateStore s2 = store()) {
            Escalations a = replica(s1);
            Escalations b = replica(s2);
            String id = a.onNotification("acme", EscalationsTest.group("g1", Status.FIRING, "critical")).orElseThrow();
            assertEquals(Escalations.AckResult.ACKNOWLEDGED, a.acknowledge(id, "U1"));
            clock.advance(Duration.ofHours(2));
            assertEquals(0, b.poll());
            assertEquals(Map.of(), fired);
        }
    }
}
