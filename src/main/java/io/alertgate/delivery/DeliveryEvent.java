package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.slack.Destination;
import io.alertgate.slack.SendResult;

/**
 * Something the delivery engine did, for metrics, logs and tests. The observability issue turns
 * these into counters and gauges; until then nothing here depends on a metrics library.
 */
public sealed interface DeliveryEvent {

    /**
     * One request to Slack and its classified outcome ({@code result.reason()} is the metric label).
     *
     * @param attempt 1 for the first request of this delivery to this destination
     * @param requestNanos how long the request took (the transport call)
     * @param bucketWaitNanos how long it waited for the token buckets just before
     * @param sinceAcceptedNanos from acceptance of the message to the start of this request
     */
    record Attempted(Delivery delivery, SendResult result, int attempt, long requestNanos, long bucketWaitNanos,
            long sinceAcceptedNanos) implements DeliveryEvent {
        public Attempted(Delivery delivery, SendResult result, int attempt) {
            this(delivery, result, attempt, 0, 0, 0);
        }
    }

    /**
     * The delivery reached Slack; nothing more will happen to it.
     *
     * @param sinceAcceptedNanos from acceptance of the message to Slack's successful answer
     */
    record Delivered(Delivery delivery, long sinceAcceptedNanos) implements DeliveryEvent {
        public Delivered(Delivery delivery) {
            this(delivery, 0);
        }
    }

    /**
     * A permanent refusal, or a breaker open past its grace, sent the delivery on to the fallback.
     *
     * @param why Slack's error code, a reason label, or {@code circuit breaker open}
     */
    record Rerouted(Delivery from, Destination to, String why) implements DeliveryEvent {}

    /** The delivery could not be sent and is kept as a dead letter; nothing more happens unless replayed. */
    record DeadLettered(DeadLetter letter) implements DeliveryEvent {}

    /** A storm: {@code merged} queued non-critical messages of one destination became one digest. */
    record Digested(String tenant, String destination, int merged) implements DeliveryEvent {}

    /** The number of messages now queued in one lane of one destination. */
    record LaneDepth(String tenant, String destination, Priority priority, int depth) implements DeliveryEvent {}

    /** A destination's circuit breaker changed state. */
    record BreakerChanged(String tenant, String destination, CircuitBreaker.State from, CircuitBreaker.State to)
            implements DeliveryEvent {}
}
