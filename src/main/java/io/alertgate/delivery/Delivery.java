package io.alertgate.delivery;

import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.SlackMessage;

/**
 * One message accepted for one destination: the unit the outbox queues and the dispatcher sends.
 *
 * @param tenant the tenant id, for logs and metrics
 * @param groupKey Alertmanager's group key, for logs and traces
 * @param correlationId the id of the webhook request that produced it
 * @param alertname the group's {@code alertname} label, "" when it has none; counted by storm digests
 */
public record Delivery(
        String tenant, String groupKey, Destination destination, SlackMessage message, Priority priority,
        String correlationId, String alertname) {

    public Delivery(String tenant, String groupKey, Destination destination, SlackMessage message, Priority priority,
            String correlationId) {
        this(tenant, groupKey, destination, message, priority, correlationId, "");
    }
}
