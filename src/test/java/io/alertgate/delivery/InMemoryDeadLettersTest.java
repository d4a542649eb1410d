package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Priority;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryDeadLettersTest {
    private final InMemoryDeadLetters letters = new InMemoryDeadLetters(2, Clock.systemUTC());

    @Test
    void add_pastCapacity_forgetsTheOldest() {
        letters.add(delivery(webhook("ops"), Priority.LOW, "a"), "server_error", "", 6);
        letters.add(delivery(webhook("ops"), Priority.LOW, "b"), "server_error", "", 6);
        letters.add(delivery(webhook("ops"), Priority.LOW, "c"), "channel_gone", "channel_not_found", 1);
        assertEquals(java.util.List.of("b", "c"),
                letters.list().stream().map(l -> l.delivery().message().text()).toList());
    }

    @Test
    void take_removesOnce() {
        DeadLetter l = letters.add(delivery(webhook("ops"), Priority.LOW, "a"), "unknown", "", 1);
        assertEquals(Optional.of(l), letters.take(l.id()));
        assertEquals(Optional.empty(), letters.take(l.id()));
        assertTrue(letters.list().isEmpty());
    }
}
