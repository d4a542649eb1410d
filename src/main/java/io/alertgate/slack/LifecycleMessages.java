package io.alertgate.slack;

import java.util.List;
import java.util.Map;

/**
 * The messages of a posted message's lifecycle: the edited parent ({@code chat.update}) and the
 * short event posted in its thread. The edited parent keeps the formatter's
 * resolved colour (green).
 */
public final class LifecycleMessages {
    private LifecycleMessages() {}

    /** Status line shown first in a resolved parent. */
    public static final String RESOLVED = "RESOLVED";

    /**
     * The parent as edited on resolve: {@code resolved} (already formatted, green) with the status
     * line {@link #RESOLVED} first.
     */
    public static SlackMessage resolvedParent(SlackMessage resolved) {
        return resolved.withContextLine(RESOLVED);
    }

    /**
     * The thread reply announcing the resolve: one line of plain text (escaped here).
     *
     * @param alertname the group's {@code alertname}, "" when none
     * @param resolvedAlerts how many alerts of the group resolved
     */
    public static SlackMessage resolvedReply(String alertname, int resolvedAlerts, String correlationId) {
        String what = alertname.isEmpty() ? "alert group" : alertname;
        String line = ":white_check_mark: " + io.alertgate.template.Mrkdwn.escape(what) + " resolved ("
                + resolvedAlerts + (resolvedAlerts == 1 ? " alert)" : " alerts)");
        return new SlackMessage(line, List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", line))),
                List.of(), correlationId);
    }
}
