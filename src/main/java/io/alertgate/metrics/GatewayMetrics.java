package io.alertgate.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every Prometheus metric family alertgate exports, in one registry of its own (never the
 * library's global default, so two gateways in one JVM — tests — do not share counts).
 *
 * <p>Label values are tenant ids, destination names, template names, routing reasons and
 * classified failure reasons: all come from the config or from closed enums, so cardinality is
 * bounded by the config. Never a fingerprint, a label value of an alert, a URL or free text.
 * Durations are recorded in seconds (Prometheus base unit) from nanosecond readings.
 */
public final class GatewayMetrics {
    /** The text format Prometheus scrapes ({@code text/plain; version=0.0.4}). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final double NANOS_PER_SECOND = 1e9;
    /** Slack answers in tens to hundreds of milliseconds; timeouts are 10 s by default. */
    private static final double[] REQUEST_BUCKETS_SECONDS =
            {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** Accept → Slack answer includes rate-limit pacing, retries and breaker waits: up to minutes. */
    private static final double[] LATENCY_BUCKETS_SECONDS =
            {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    /** Redis answers in well under a millisecond on a LAN; timeouts are 2 s by default. */
    private static final double[] REDIS_BUCKETS_SECONDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter notifications = Counter.builder().name("alertgate_notifications_received_total")
            .help("Alertmanager notifications (alert groups) accepted, by tenant and group status")
            .labelNames("tenant", "status").register(registry);
    private final Counter alerts = Counter.builder().name("alertgate_alerts_received_total")
            .help("Alerts inside accepted notifications, by tenant and alert status")
            .labelNames("tenant", "status").register(registry);
    private final Counter deduplicated = Counter.builder().name("alertgate_notifications_deduplicated_total")
            .help("Notifications dropped as duplicates of one accepted within dedup.ttl_seconds (HA pair, retry), by tenant")
            .labelNames("tenant").register(registry);
    private final Counter refused = Counter.builder().name("alertgate_webhook_requests_refused_total")
            .help("Webhook requests not accepted, by reason (bad_request, too_large, unknown_tenant, outbox_full, draining, ...)")
            .labelNames("reason").register(registry);
    private final Counter routing = Counter.builder().name("alertgate_routing_decisions_total")
            .help("Messages planned by the router, by tenant and reason (rule:<id>, severity_mapping:<severity>, default)")
            .labelNames("tenant", "reason").register(registry);
    private final Counter templateFallbacks = Counter.builder().name("alertgate_template_fallbacks_total")
            .help("Renders that failed and fell back to the built-in layout, by tenant and template")
            .labelNames("tenant", "template").register(registry);
    private final Counter slackRequests = Counter.builder().name("alertgate_slack_requests_total")
            .help("Requests to Slack, by tenant, destination name, outcome (success|failure) and classified reason")
            .labelNames("tenant", "destination", "outcome", "reason").register(registry);
    private final Histogram slackDuration = Histogram.builder().name("alertgate_slack_request_duration_seconds")
            .help("Duration of one request to Slack, by tenant and destination name")
            .labelNames("tenant", "destination").classicOnly().classicUpperBounds(REQUEST_BUCKETS_SECONDS)
            .register(registry);
    private final Histogram deliveryLatency = Histogram.builder().name("alertgate_delivery_latency_seconds")
            .help("End-to-end latency from acceptance of a notification to Slack's successful answer, by tenant")
            .labelNames("tenant").classicOnly().classicUpperBounds(LATENCY_BUCKETS_SECONDS).register(registry);
    private final Histogram bucketWait = Histogram.builder().name("alertgate_rate_limit_wait_seconds")
            .help("Time a request waited for the destination's (and workspace's) token bucket, by tenant and destination")
            .labelNames("tenant", "destination").classicOnly().classicUpperBounds(LATENCY_BUCKETS_SECONDS)
            .register(registry);
    private final Counter retries = Counter.builder().name("alertgate_retries_total")
            .help("Requests to Slack that repeated an earlier one, by tenant and destination")
            .labelNames("tenant", "destination").register(registry);
    private final Counter reroutes = Counter.builder().name("alertgate_fallback_reroutes_total")
            .help("Messages sent on to the tenant's fallback, by tenant and the destination that refused or was down")
            .labelNames("tenant", "destination").register(registry);
    private final Counter deadLetters = Counter.builder().name("alertgate_dead_letters_total")
            .help("Messages given up on and kept as dead letters, by tenant, destination and reason")
            .labelNames("tenant", "destination", "reason").register(registry);
    private final Counter digests = Counter.builder().name("alertgate_storm_digested_messages_total")
            .help("Queued messages merged into storm digests, by tenant and destination")
            .labelNames("tenant", "destination").register(registry);
    private final Gauge laneDepth = Gauge.builder().name("alertgate_lane_depth")
            .help("Messages queued in one priority lane of one destination")
            .labelNames("tenant", "destination", "priority").register(registry);
    private final Gauge breakerState = Gauge.builder().name("alertgate_circuit_breaker_state")
            .help("1 for the current state (closed, open, half_open) of a destination's circuit breaker, else 0")
            .labelNames("tenant", "destination", "state").register(registry);
    private final Counter breakerTransitions = Counter.builder().name("alertgate_circuit_breaker_transitions_total")
            .help("Circuit breaker state changes, by tenant, destination and new state")
            .labelNames("tenant", "destination", "state").register(registry);

    private final Counter escalationSteps = Counter.builder().name("alertgate_escalation_steps_fired_total")
            .help("Escalation steps posted to their level's targets, by tenant, level and the severity that started the escalation")
            .labelNames("tenant", "level", "severity").register(registry);
    private final Counter acknowledgements = Counter.builder().name("alertgate_escalation_acknowledgements_total")
            .help("Escalations acknowledged, by tenant and source (slack: the Acknowledge button, api: the HTTP API)")
            .labelNames("tenant", "source").register(registry);
    private final Counter redisErrors = Counter.builder().name("alertgate_redis_errors_total")
            .help("Redis calls that failed (connection, timeout, server error), by operation")
            .labelNames("operation").register(registry);
    private final Histogram redisDuration = Histogram.builder().name("alertgate_redis_request_duration_seconds")
            .help("Duration of one Redis call, including the wait for a pooled connection, by operation")
            .labelNames("operation").classicOnly().classicUpperBounds(REDIS_BUCKETS_SECONDS).register(registry);

    /**
     * One labelled reading of a gauge read at scrape time.
     *
     * @param labelValues in the order of the family's label names
     * @param value in the family's unit
     */
    public record Reading(List<String> labelValues, double value) {
        public Reading {
            labelValues = List.copyOf(labelValues);
        }
    }

    /**
     * @param version the gateway's version, exported as {@code alertgate_build_info{version}}
     */
    public GatewayMetrics(String version) {
        Info info = Info.builder().name("alertgate_build_info").help("alertgate build, value 1")
                .labelNames("version").register(registry);
        info.setLabelValues(version);
    }

    /** One accepted notification of {@code tenant}; {@code alertStatuses} holds each alert's status. */
    public void notificationAccepted(String tenant, String groupStatus, List<String> alertStatuses) {
        notifications.labelValues(tenant, groupStatus).inc();
        for (String s : alertStatuses) alerts.labelValues(tenant, s).inc();
    }

    /** A notification dropped as a duplicate (answered 202, not posted). */
    public void notificationDeduplicated(String tenant) {
        deduplicated.labelValues(tenant).inc();
    }

    /** A webhook request that was not accepted; {@code reason} is a short fixed label. */
    public void requestRefused(String reason) {
        refused.labelValues(reason).inc();
    }

    public void routed(String tenant, String reason) {
        routing.labelValues(tenant, reason).inc();
    }

    public void templateFellBack(String tenant, String template) {
        templateFallbacks.labelValues(tenant, template).inc();
    }

    /**
     * One request to Slack.
     *
     * @param reason the classified failure reason label ({@code none} on success)
     * @param requestNanos how long the request took
     * @param bucketWaitNanos how long it waited for tokens before it was made
     * @param retry whether it repeats an earlier request of the same message
     */
    public void slackRequest(String tenant, String destination, boolean success, String reason, long requestNanos,
            long bucketWaitNanos, boolean retry) {
        slackRequests.labelValues(tenant, destination, success ? "success" : "failure", reason).inc();
        slackDuration.labelValues(tenant, destination).observe(requestNanos / NANOS_PER_SECOND);
        bucketWait.labelValues(tenant, destination).observe(bucketWaitNanos / NANOS_PER_SECOND);
        if (retry) retries.labelValues(tenant, destination).inc();
    }

    /** A message reached Slack {@code sinceAcceptedNanos} after its notification was accepted. */
    public void delivered(String tenant, long sinceAcceptedNanos) {
        deliveryLatency.labelValues(tenant).observe(sinceAcceptedNanos / NANOS_PER_SECOND);
    }

    public void rerouted(String tenant, String fromDestination) {
        reroutes.labelValues(tenant, fromDestination).inc();
    }

    public void deadLettered(String tenant, String destination, String reason) {
        deadLetters.labelValues(tenant, destination, reason).inc();
    }

    public void digested(String tenant, String destination, int merged) {
        digests.labelValues(tenant, destination).inc(merged);
    }

    public void laneDepth(String tenant, String destination, String priority, int depth) {
        laneDepth.labelValues(tenant, destination, priority).set(depth);
    }

    /**
     * A destination's breaker is now in {@code state}, one of {@code states}: sets the one-hot gauge.
     */
    public void breakerState(String tenant, String destination, String state, List<String> states) {
        for (String s : states) breakerState.labelValues(tenant, destination, s).set(s.equals(state) ? 1 : 0);
        breakerTransitions.labelValues(tenant, destination, state).inc();
    }

    /**
     * Exports {@code alertgate_notifications_muted_total{tenant, rule}} from counts kept elsewhere
     * (the router's mute counter), read at each scrape.
     *
     * @param counts keyed {@code tenant/rule} (a tenant id never contains '/')
     */
    public void countMuted(Supplier<Map<String, Long>> counts) {
        CounterWithCallback.builder().name("alertgate_notifications_muted_total")
                .help("Notifications not sent because a rule's mute interval was active, by tenant and rule")
                .labelNames("tenant", "rule")
                .callback(cb -> counts.get().forEach((key, n) -> {
                    int slash = key.indexOf('/');
                    cb.call(n, key.substring(0, Math.max(0, slash)), key.substring(slash + 1));
                }))
                .register(registry);
    }

    /**
     * Exports Prometheus's own reload pair, read at each scrape:
     * {@code alertgate_config_last_reload_successful} (1 or 0) and
     * {@code alertgate_config_last_reload_success_timestamp_seconds} (Unix seconds; absent before
     * the first success).
     *
     * @param successful whether the last load or reload was applied
     * @param lastSuccessEpochSeconds the time of the last applied load, empty when none
     */
    public void configReloads(java.util.function.BooleanSupplier successful,
            Supplier<java.util.OptionalLong> lastSuccessEpochSeconds) {
        GaugeWithCallback.builder().name("alertgate_config_last_reload_successful")
                .help("1 when the last config load or reload was applied, 0 when it was refused")
                .callback(cb -> cb.call(successful.getAsBoolean() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder().name("alertgate_config_last_reload_success_timestamp_seconds")
                .help("Unix time of the last config load or reload that was applied")
                .callback(cb -> lastSuccessEpochSeconds.get().ifPresent(cb::call))
                .register(registry);
    }

    /** An escalation step was posted; {@code severity} is "" when unknown. */
    public void escalationStepFired(String tenant, int level, String severity) {
        escalationSteps.labelValues(tenant, Integer.toString(level), severity).inc();
    }

    /** An escalation was acknowledged; {@code source} is {@code slack} or {@code api}. */
    public void escalationAcknowledged(String tenant, String source) {
        acknowledgements.labelValues(tenant, source).inc();
    }

    /**
     * One Redis call (the store's {@code RedisObserver}).
     *
     * @param operation one of the store's fixed operation names, never a key
     */
    public void redisCall(String operation, long nanos, boolean failed) {
        redisDuration.labelValues(operation).observe(nanos / NANOS_PER_SECOND);
        if (failed) redisErrors.labelValues(operation).inc();
    }

    /**
     * Exports {@code alertgate_lane_oldest_age_seconds{tenant, destination, priority}}, read at each
     * scrape: the age of the oldest message waiting in each priority lane, 0 when the lane is empty.
     *
     * @param readings one per (tenant, destination, priority) of the engine's destinations
     */
    public void laneOldestAges(Supplier<List<Reading>> readings) {
        gauge("alertgate_lane_oldest_age_seconds",
                "Age in seconds of the oldest message queued in one priority lane of one destination (0 when empty)",
                readings, "tenant", "destination", "priority");
    }

    /**
     * Exports {@code alertgate_escalations_active{tenant, level, severity}}, read at each scrape:
     * unfinished escalations (acknowledged or resolved ones are not counted) by the level of their
     * last fired step (0 before the first).
     *
     * @param readings one per (tenant, level, severity) with at least one; none when the store is unreachable
     */
    public void activeEscalations(Supplier<List<Reading>> readings) {
        gauge("alertgate_escalations_active",
                "Unfinished escalations, by tenant, level of the last step fired (0 before the first) and severity",
                readings, "tenant", "level", "severity");
    }

    private void gauge(String name, String help, Supplier<List<Reading>> readings, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(cb -> {
                    for (Reading r : readings.get()) cb.call(r.value(), r.labelValues().toArray(String[]::new));
                })
                .register(registry);
    }

    /** Writes every family in the Prometheus text format (0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
