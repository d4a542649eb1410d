package io.alertgate.delivery;

/**
 * Takes a delivery for sending later. Never blocks the caller (an HTTP request thread) on Slack;
 * returns false only when the delivery was refused (outbox closed or full), so the HTTP answer can
 * tell Alertmanager to retry instead of losing the notification.
 */
@FunctionalInterface
public interface Outbox {
    boolean enqueue(Delivery delivery);
}
