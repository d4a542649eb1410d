package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.policy;
import static io.alertgate.delivery.EngineHarness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.FailureReason;
import io.alertgate.slack.SendResult;
import io.alertgate.slack.SlackMessage;
import io.alertgate.slack.SlackTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many producers, several destinations, a fallback and random faults of every kind: every accepted
 * delivery ends exactly once, delivered or as a dead letter — nothing is lost, nothing doubled.
 */
class DeliveryEngineChaosTest {
    private static final FailureReason[] FAULTS = {
        FailureReason.RATE_LIMITED, FailureReason.SERVER_ERROR, FailureReason.TIMEOUT, FailureReason.NETWORK,
        FailureReason.CHANNEL_GONE, FailureReason.BAD_PAYLOAD, FailureReason.UNKNOWN};

    @Test
    void everyAcceptedDelivery_endsExactlyOnce_underRandomFaultsAndConcurrentProducers() throws Exception {
        EngineHarness h = new EngineHarness();
        Random random = new Random(42);
        SlackTransport chaos = (d, m) -> {
            double draw;
            int fault;
            synchronized (random) {
                draw = random.nextDouble();
                fault = random.nextInt(FAULTS.length);
            }
            if (draw < 0.7) return SendResult.ok(200, "", "");
            FailureReason r = FAULTS[fault];
            return SendResult.failed(r, 500, "", r == FailureReason.RATE_LIMITED
                    ? Optional.of(Duration.ofSeconds(1)) : Optional.empty());
        };
        List<Destination> destinations = List.of(webhook("a"), webhook("b"), webhook("c"), webhook("d"));
        DeliveryPolicy p = EngineHarness.withFallback(policy(), webhook("spare"));
        int producers = 4;
        int perProducer = 500;
        AtomicInteger accepted = new AtomicInteger();
        try (DeliveryEngine engine = h.engine(p, chaos)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++) {
                int id = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        Destination to = destinations.get((id + i) % destinations.size());
                        Priority priority = Priority.values()[i % Priority.values().length];
                        if (engine.enqueue(delivery(to, priority, id + "-" + i))) accepted.incrementAndGet();
                    }
                }));
            }
            for (Thread t : threads) t.join();
            EngineHarness.awaitIdle(engine);
        }
        assertEquals(producers * perProducer, accepted.get());
        int delivered = h.events(DeliveryEvent.Delivered.class).size();
        int dead = h.events(DeliveryEvent.DeadLettered.class).size();
        assertEquals(accepted.get(), delivered + dead, "delivered " + delivered + " + dead " + dead);
        assertEquals(dead, h.deadLetters.list().size());
    }
}
