package io.alertgate.schedule;

import java.time.Instant;
import java.util.List;

/**
 * A named entry of a tenant's {@code time_intervals} (Alertmanager's {@code time_intervals[]}):
 * active when any of its {@link TimeInterval}s contains the instant. Referenced by name from a
 * routing rule's {@code active_time_intervals} / {@code mute_time_intervals}, and by escalation
 * schedules (business hours), so there is one notation for both.
 *
 * @param name unique within the tenant
 * @param intervals OR-ed; an empty list is never active (as in Alertmanager)
 */
public record NamedTimeInterval(String name, List<TimeInterval> intervals) {
    public NamedTimeInterval {
        intervals = List.copyOf(intervals);
    }

    /** Whether any of the intervals contains {@code at}. */
    public boolean contains(Instant at) {
        for (TimeInterval i : intervals) {
            if (i.contains(at)) return true;
        }
        return false;
    }
}
