package io.alertgate.alert;

import java.util.Locale;
import java.util.Optional;

/** Alertmanager's two alert and group states, as they appear in webhook payload version 4. */
public enum Status {
    FIRING,
    RESOLVED;

    /** The payload spelling: {@code firing} or {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the payload spelling (exact, lower case); empty for anything else. */
    public static Optional<Status> fromWire(String value) {
        if ("firing".equals(value)) return Optional.of(FIRING);
        if ("resolved".equals(value)) return Optional.of(RESOLVED);
        return Optional.empty();
    }
}
