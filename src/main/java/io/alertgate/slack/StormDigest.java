package io.alertgate.slack;

import io.alertgate.template.Mrkdwn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one message that stands for many queued notifications of one destination during an alert
 * storm: counts by severity and by alertname, the first few groups, and "+N more". Posting this
 * instead of hundreds of messages keeps the channel readable and stays within Slack's one message
 * per second; critical groups are never merged (the engine sends them one by one, first).
 */
public final class StormDigest {
    /** Groups listed by title before "+N more". */
    public static final int SHOWN_GROUPS = 10;
    /** Alertnames listed with their counts before "+N more". */
    public static final int SHOWN_ALERTNAMES = 10;
    /** Slack's limit for a section's text. */
    private static final int MAX_SECTION_CHARS = 3_000;
    /** One listed group's title, so that ten of them fit a section. */
    private static final int MAX_TITLE_CHARS = 200;

    /**
     * One merged notification.
     *
     * @param severity its priority label ({@code high}, {@code medium}, …)
     * @param alertname raw label value, escaped here; "" when none
     * @param title its first line, already escaped mrkdwn (it comes from a formatted message)
     */
    public record Item(String severity, String alertname, String title) {}

    private StormDigest() {}

    /** The digest of {@code items} (in queue order, at least one) bound for {@code destinationName}. */
    public static SlackMessage format(String destinationName, List<Item> items) {
        if (items.isEmpty()) throw new IllegalArgumentException("a digest needs at least one item");
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (Item i : items) {
            bySeverity.merge(i.severity(), 1, Integer::sum);
            byName.merge(i.alertname().isEmpty() ? "(no alertname)" : i.alertname(), 1, Integer::sum);
        }
        String headline = "Alert storm: " + items.size() + " notifications for " + Mrkdwn.escape(destinationName)
                + " merged into this digest";
        List<String> severities = new ArrayList<>();
        bySeverity.forEach((s, n) -> severities.add(Mrkdwn.escape(s) + " " + n));
        List<Map.Entry<String, Integer>> names = new ArrayList<>(byName.entrySet());
        names.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        StringBuilder nameLine = new StringBuilder("*By alertname:* ");
        for (int k = 0; k < Math.min(SHOWN_ALERTNAMES, names.size()); k++) {
            if (k > 0) nameLine.append(", ");
            nameLine.append(Mrkdwn.escape(names.get(k).getKey())).append(" ×").append(names.get(k).getValue());
        }
        if (names.size() > SHOWN_ALERTNAMES) nameLine.append(", +").append(names.size() - SHOWN_ALERTNAMES).append(" more");
        StringBuilder first = new StringBuilder("*First groups:*");
        for (int k = 0; k < Math.min(SHOWN_GROUPS, items.size()); k++) {
            first.append("\n• ").append(Text.truncateMrkdwn(items.get(k).title(), MAX_TITLE_CHARS));
        }
        if (items.size() > SHOWN_GROUPS) first.append("\n+").append(items.size() - SHOWN_GROUPS).append(" more");
        String counts = "*By severity:* " + String.join(" · ", severities);
        List<Map<String, Object>> blocks = List.of(
                section("*" + headline + "*"),
                section(counts + "\n" + nameLine),
                section(first.toString()));
        return new SlackMessage(Text.truncateMrkdwn(headline + " (" + String.join(", ", severities) + ")",
                SlackMessage.MAX_TEXT_CHARS), blocks, List.of());
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text",
                Map.of("type", "mrkdwn", "text", Text.truncateMrkdwn(mrkdwn, MAX_SECTION_CHARS)));
    }
}
