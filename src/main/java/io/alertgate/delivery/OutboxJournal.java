package io.alertgate.delivery;

import java.util.List;

/**
 * Where the engine writes each accepted delivery before it answers, and settles it once delivered
 * or dead-lettered, so that a crashed process's accepted work is found again. {@link #NONE} (no
 * Redis) keeps nothing: queued messages are lost on restart. {@link StoredJournal} keeps them in an
 * {@code OutboxStore} (Redis).
 */
public interface OutboxJournal {

    /** Journals nothing: {@link #write} answers an id that is never stored. */
    OutboxJournal NONE = new OutboxJournal() {
        @Override
        public String write(Delivery delivery) {
            return "";
        }

        @Override
        public void settle(String tenant, String id) {
            // nothing was stored
        }

        @Override
        public List<Journaled> recover() {
            return List.of();
        }
    };

    /** A journaled delivery handed back to send: its journal id and the delivery as decoded. */
    record Journaled(String id, Delivery delivery) {}

    /**
     * Durably stores {@code delivery} before the webhook is answered.
     *
     * @return its id, passed back to {@link #settle}
     * @throws RuntimeException (a {@code StoreException}) when it could not be stored: the engine
     *     refuses the delivery and Alertmanager gets 503 and retries
     */
    String write(Delivery delivery);

    /** Forgets a delivered or dead-lettered entry. Never throws: a failure is logged, and the entry is sent again after a restart. */
    void settle(String tenant, String id);

    /**
     * Entries this process now owns and does not hold yet — left by its own previous process, or by
     * a replica that stopped touching them — each handed back once. Also the owner's heartbeat: it
     * refreshes what this process holds so no other replica takes it over. Called at start and then
     * periodically; never throws (a failure is logged and the next call tries again).
     */
    List<Journaled> recover();
}
