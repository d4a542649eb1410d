package io.alertgate.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert of a webhook payload (Alertmanager webhook version 4, {@code alerts[]}).
 *
 * @param endsAt empty when Alertmanager sent the zero time {@code 0001-01-01T00:00:00Z} ("unknown")
 * @param generatorURL link back to the Prometheus expression; may be empty
 * @param fingerprint Alertmanager's hex fingerprint of the label set; may be empty (older senders)
 */
public record Alert(
        Status status,
        Labels labels,
        Labels annotations,
        Instant startsAt,
        Optional<Instant> endsAt,
        String generatorURL,
        String fingerprint) {

    public Alert {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        generatorURL = generatorURL == null ? "" : generatorURL;
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    /** The {@code alertname} label, or "" when absent. */
    public String name() {
        return labels.valueOrEmpty("alertname");
    }
}
