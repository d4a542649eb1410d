package io.alertgate.http;

import io.alertgate.delivery.DeliveryEngine;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the admin endpoints need: a check of the presented bearer token (built by {@code app} from
 * the configured secret, compared in constant time, so the token itself never reaches this
 * package) and the delivery engine whose dead letters they show.
 */
public record AdminAccess(Predicate<String> tokenCheck, DeliveryEngine engine) {
    public AdminAccess {
        Objects.requireNonNull(tokenCheck, "tokenCheck");
        Objects.requireNonNull(engine, "engine");
    }
}
