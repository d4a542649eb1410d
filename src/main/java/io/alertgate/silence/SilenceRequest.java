package io.alertgate.silence;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A silence as Alertmanager's API v2 {@code postableSilence} takes it: every matcher an equality
 * matcher ({@code isRegex: false, isEqual: true}).
 *
 * @param matchers label name → value, at least one (Alertmanager refuses a silence without matchers)
 * @param startsAt when it starts (now)
 * @param endsAt when it ends, after {@code startsAt}
 * @param createdBy who asked (the Slack user)
 * @param comment why; Alertmanager requires it non-empty
 */
public record SilenceRequest(Map<String, String> matchers, Instant startsAt, Instant endsAt, String createdBy,
        String comment) {
    public SilenceRequest {
        matchers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(matchers));
        if (matchers.isEmpty()) throw new IllegalArgumentException("a silence needs at least one matcher");
        if (!endsAt.isAfter(startsAt)) throw new IllegalArgumentException("endsAt must be after startsAt");
        if (createdBy.isBlank() || comment.isBlank()) throw new IllegalArgumentException("createdBy and comment are required");
    }
}
