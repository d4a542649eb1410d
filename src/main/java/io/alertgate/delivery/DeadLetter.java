package io.alertgate.delivery;

import java.time.Instant;

/**
 * A delivery that could not be sent, kept for an operator to inspect and replay.
 *
 * @param id stable id for {@code POST /api/v1/deadletters/{id}/replay}
 * @param delivery the delivery as accepted (its original destination, not a fallback)
 * @param reason why it stopped: a {@code FailureReason} label such as {@code channel_gone}, or
 *     {@link #OUTBOX_FULL} when a higher priority pushed it out of a full outbox
 * @param errorCode Slack's error code of the last attempt, "" when none
 * @param attempts requests made to Slack for it
 * @param at when it became a dead letter
 */
public record DeadLetter(String id, Delivery delivery, String reason, String errorCode, int attempts, Instant at) {
    /** The reason of a message evicted from a full outbox by a higher-priority one. */
    public static final String OUTBOX_FULL = "outbox_full";
    /** The reason of a message read back from the durable outbox whose destination is no longer configured. */
    public static final String DESTINATION_GONE = "destination_gone";
}
