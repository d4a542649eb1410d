package io.alertgate.alert;

import java.util.Locale;

/**
 * Delivery priority, highest first; mapped from an alert's {@code severity} label. The ordinal is
 * the lane index: lane 0 (CRITICAL) is always drained first.
 */
public enum Priority {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /**
     * The default severity → priority mapping: critical/page → CRITICAL, high/error → HIGH,
     * warning/medium → MEDIUM, low → LOW, info/none/unknown → INFO.
     */
    public static Priority fromSeverity(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "p1" -> CRITICAL;
            case "high", "error", "major", "p2" -> HIGH;
            case "warning", "warn", "medium", "p3" -> MEDIUM;
            case "low", "minor", "p4" -> LOW;
            default -> INFO;
        };
    }
}
