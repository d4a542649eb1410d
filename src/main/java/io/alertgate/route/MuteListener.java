package io.alertgate.route;

/**
 * Told of each notification a rule did not send because of its time intervals (a
 * {@code mute_time_intervals} entry active, or no {@code active_time_intervals} entry active).
 * {@link MuteCounter} counts them for metrics.
 */
@FunctionalInterface
public interface MuteListener {
    MuteListener NONE = (tenant, ruleId, interval) -> {};

    /**
     * @param interval the mute interval that was active, or {@code "!" + names} when the rule's
     *     active intervals were all inactive
     */
    void muted(String tenant, String ruleId, String interval);
}
