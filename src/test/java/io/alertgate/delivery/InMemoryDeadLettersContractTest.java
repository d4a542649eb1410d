package io.alertgate.delivery;

import java.time.Clock;

/** The dead-letter contract in memory. */
class InMemoryDeadLettersContractTest extends DeadLettersContract {
    @Override
    DeadLetters deadLetters(int capacity) {
        return new InMemoryDeadLetters(capacity, Clock.systemUTC());
    }
}
