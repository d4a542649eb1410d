package io.alertgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One HdrHistogram per named stage (pipeline: parse, route, render, format; delivery: queue wait,
 * send; plus any the caller names), read as percentiles for {@code GET /api/v1/profile}.
 *
 * <p>Values are nanoseconds, kept to 3 significant digits from 1 µs to 1 h (HdrHistogram's fixed
 * footprint per stage, ~200 KiB, whatever the traffic). Recording is lock-free and safe from any
 * thread ({@link ConcurrentHistogram}); a snapshot may miss a value recorded concurrently.
 */
public final class LatencyProfile {
    private static final long LOWEST_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_MILLI = 1e6;

    private final Map<String, Histogram> stages = new LinkedHashMap<>();

    /** @param stageNames the stages, in the order the profile lists them */
    public LatencyProfile(List<String> stageNames) {
        for (String name : stageNames) {
            stages.put(name, new ConcurrentHistogram(LOWEST_NANOS, HIGHEST_NANOS, SIGNIFICANT_DIGITS));
        }
    }

    /**
     * Records one duration of {@code stage}; unknown stage names are ignored (the set is fixed at
     * construction), values are clamped to [1 µs, 1 h].
     */
    public void record(String stage, long nanos) {
        Histogram h = stages.get(stage);
        if (h != null) h.recordValue(Math.max(LOWEST_NANOS, Math.min(HIGHEST_NANOS, nanos)));
    }

    /** Percentiles of one stage, in milliseconds. */
    public record StageStats(String stage, long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
            double maxMs) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", stage);
            m.put("count", count);
            m.put("p50_ms", p50Ms);
            m.put("p90_ms", p90Ms);
            m.put("p99_ms", p99Ms);
            m.put("p99_9_ms", p999Ms);
            m.put("max_ms", maxMs);
            return m;
        }
    }

    /** Every stage's percentiles, in construction order (stages with no value report zeros). */
    public List<StageStats> snapshot() {
        List<StageStats> out = new ArrayList<>();
        stages.forEach((name, live) -> {
            Histogram h = live.copy();
            out.add(new StageStats(name, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue())));
        });
        return out;
    }

    /** The stage with the highest p99 among those that recorded anything. */
    public static Optional<StageStats> slowest(List<StageStats> stats) {
        return stats.stream().filter(s -> s.count() > 0)
                .max(java.util.Comparator.comparingDouble(StageStats::p99Ms));
    }

    /** The {@code GET /api/v1/profile} answer: {@code {"stages": [...], "slowest": name or null}}. */
    public Map<String, Object> toJson() {
        List<StageStats> stats = snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", "ms");
        m.put("stages", stats.stream().map(StageStats::toJson).toList());
        m.put("slowest", slowest(stats).map(StageStats::stage).orElse(null));
        return m;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / NANOS_PER_MILLI * 1000) / 1000.0;
    }
}
