package io.alertgate.pipeline;

import java.util.List;

/**
 * Hears what the pipeline did, for metrics and the latency profile. Runs on the request thread,
 * so it must be quick and must not throw.
 */
@FunctionalInterface
public interface PipelineObserver {
    PipelineObserver NONE = event -> { };

    void on(PipelineEvent event);

    /** The stages {@link Pipeline#accept} times, in order; their {@link #label()} names them in metrics and profiles. */
    enum Stage {
        PARSE, ROUTE, RENDER, FORMAT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Something the pipeline did. */
    sealed interface PipelineEvent {}

    /** One stage of one notification took {@code nanos}. */
    record StageTimed(Stage stage, long nanos) implements PipelineEvent {}

    /**
     * A notification was accepted: every planned message is enqueued.
     *
     * @param status the group's status ({@code firing} or {@code resolved})
     * @param alertStatuses each alert's status
     * @param fingerprints each alert's fingerprint ("" when the sender gave none), for the delivery trace
     */
    record Accepted(String tenant, String groupKey, String status, List<String> alertStatuses,
            List<String> fingerprints, List<Planned> planned, String correlationId) implements PipelineEvent {}

    /** A notification was dropped as a duplicate of one accepted within the dedup TTL ({@link Dedup}). */
    record Deduplicated(String tenant, String groupKey, String correlationId) implements PipelineEvent {}
}
