package io.alertgate.http;

import io.alertgate.metrics.GatewayMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the observability endpoints answer, built by {@code app}: the metric registry
 * ({@code GET /metrics}), the per-component health ({@code GET /health}), the latency profile
 * ({@code GET /api/v1/profile}) and the delivery trace lookup ({@code GET /api/v1/trace}, given the
 * query parameters, answers the JSON body or empty for "nothing matches"), and why
 * {@code /readyz} should answer 503 besides draining ({@code notReady}: empty when ready, else the
 * reason, such as {@code redis unreachable}).
 */
public record Observability(
        GatewayMetrics metrics,
        Supplier<Map<String, Object>> health,
        Supplier<Map<String, Object>> profile,
        Function<Map<String, String>, Map<String, Object>> trace,
        Supplier<java.util.Optional<String>> notReady) {

    public Observability {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(notReady, "notReady");
    }

    /** Metrics counted but nothing else known: what a gateway built without observability answers. */
    public static Observability none() {
        return new Observability(new GatewayMetrics("unknown"), () -> Map.of("status", "unknown"),
                () -> Map.of("stages", java.util.List.of()), q -> Map.of("notifications", java.util.List.of()), java.util.Optional::empty);
    }
}
