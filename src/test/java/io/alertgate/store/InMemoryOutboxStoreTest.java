package io.alertgate.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The outbox contract in memory, on a fake clock. */
class InMemoryOutboxStoreTest extends OutboxStoreContract {
    private Instant now = Instant.parse("2026-11-30T00:00:00Z");
    private final InMemoryOutboxStore.Shared shared = new InMemoryOutboxStore.Shared(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            synchronized (InMemoryOutboxStoreTest.this) {
                return now;
            }
        }
    });

    @Override
    OutboxStore consumer(String name) {
        return shared.consumer(name);
    }

    @Override
    synchronized void passes(Duration d) {
        now = now.plus(d);
    }
}
