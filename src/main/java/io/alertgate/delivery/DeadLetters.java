package io.alertgate.delivery;

import java.util.List;
import java.util.Optional;

/**
 * Where undeliverable messages are kept: bounded, inspected and replayed by an operator. In memory
 * ({@link InMemoryDeadLetters}, lost on restart) or in Redis ({@link StoredDeadLetters}, shared by replicas).
 */
public interface DeadLetters {

    /** Keeps a dead letter and returns it with its id and time. */
    DeadLetter add(Delivery delivery, String reason, String errorCode, int attempts);

    /** Dead letters, oldest first. @throws RuntimeException when the store cannot be read (never an empty list instead) */
    List<DeadLetter> list();

    /** Removes and returns one dead letter (to replay it); empty when no such id is kept. @throws RuntimeException when the store cannot be read */
    Optional<DeadLetter> take(String id);
}
