package io.alertgate.ingest;

/**
 * Bounds on one webhook body, so that a broken or hostile sender costs a bounded amount of memory
 * and stack before it is told no.
 *
 * @param maxBodyBytes largest body accepted, in bytes; more is answered 413
 * @param maxNestingDepth deepest JSON nesting accepted (the root object counts as 1)
 * @param maxAlerts most entries accepted in {@code alerts[]}
 */
public record IngestLimits(long maxBodyBytes, int maxNestingDepth, int maxAlerts) {

    /**
     * 4 MiB. A typical Alertmanager alert serialises to about 0.9 KB (the 200-alert kube-prometheus
     * sample in the corpus is 179 KB), so this holds some 4,500 alerts — far more than one Slack
     * message can show — while keeping the parsed maps of a request to tens of megabytes.
     */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    /**
     * 32 levels. A version 4 payload nests 4 deep (root, {@code alerts}, one alert, its
     * {@code labels}); the slack leaves room for unknown fields other senders add, while stopping
     * deeply nested input long before it costs real stack.
     */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;

    /**
     * 10,000 alerts. The body limit already bounds typical alerts to a few thousand; this stops
     * a body of tiny alerts (a few bytes each) from turning into millions of records. Alertmanager
     * itself sends every alert of a group unless its {@code max_alerts} is set, so the bound is generous.
     */
    public static final int DEFAULT_MAX_ALERTS = 10_000;

    public IngestLimits {
        if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        if (maxNestingDepth < 4) {
            // Below 4 not even a valid payload (root → alerts → alert → labels) would fit.
            throw new IllegalArgumentException("maxNestingDepth must be at least 4, got " + maxNestingDepth);
        }
        if (maxAlerts <= 0) throw new IllegalArgumentException("maxAlerts must be positive, got " + maxAlerts);
    }

    public static IngestLimits defaults() {
        return new IngestLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_ALERTS);
    }
}
