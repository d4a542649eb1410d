package io.alertgate.delivery;

/**
 * Hears every {@link DeliveryEvent}. Runs on the engine's threads (a destination's dispatcher, or
 * the enqueuing request thread for lane depth), so it must be quick and must not throw.
 */
@FunctionalInterface
public interface DeliveryListener {
    DeliveryListener NONE = event -> { };

    void on(DeliveryEvent event);
}
