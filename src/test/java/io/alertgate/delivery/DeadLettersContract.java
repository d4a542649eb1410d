package io.alertgate.delivery;

import static io.alertgate.delivery.EngineHarness.delivery;
import static io.alertgate.delivery.EngineHarness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link DeadLetters} keeps: order, the bound, ids that replay once, the delivery as accepted. */
abstract class DeadLettersContract {

    abstract DeadLetters deadLetters(int capacity);

    private static List<String> texts(List<DeadLetter> letters) {
        return letters.stream().map(l -> l.delivery().message().text()).toList();
    }

    @Test
    void add_thenList_keepsTheDeliveryReasonAndAttemptsOldestFirst() {
        DeadLetters d = deadLetters(10);
        Delivery first = delivery(webhook("ops"), Priority.HIGH, "first");
        DeadLetter kept = d.add(first, "channel_gone", "channel_not_found", 3);
        d.add(delivery(webhook("ops"), Priority.LOW, "second"), "server_error", "", 6);
        List<DeadLetter> listed = d.list();
        assertEquals(List.of("first", "second"), texts(listed));
        DeadLetter l = listed.get(0);
        assertEquals(kept.id(), l.id());
        assertEquals(first, l.delivery());
        assertEquals("channel_gone", l.reason());
        assertEquals("channel_not_found", l.errorCode());
        assertEquals(3, l.attempts());
        assertEquals(kept.at().toEpochMilli(), l.at().toEpochMilli());
    }

    @Test
    void add_pastCapacity_forgetsTheOldest() {
        DeadLetters d = deadLetters(3);
        for (int i = 0; i < 5; i++) d.add(delivery(webhook("ops"), Priority.LOW, "m" + i), "unknown", "", 1);
        assertEquals(List.of("m2", "m3", "m4"), texts(d.list()));
    }

    @Test
    void take_removesOnce() {
        DeadLetters d = deadLetters(10);
        DeadLetter l = d.add(delivery(webhook("ops"), Priority.LOW, "m"), "unknown", "", 1);
        assertEquals("m", d.take(l.id()).orElseThrow().delivery().message().text());
        assertTrue(d.take(l.id()).isEmpty());
        assertEquals(List.of(), d.list());
    }

    @Test
    void take_ofAnUnknownId_isEmpty() {
        DeadLetters d = deadLetters(10);
        assertTrue(d.take("nope").isEmpty());
        assertTrue(d.take("1-1").isEmpty());
    }
}
