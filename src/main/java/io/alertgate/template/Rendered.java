package io.alertgate.template;

/**
 * The mrkdwn body produced for one notification.
 *
 * @param text the rendered Slack mrkdwn, every payload value escaped exactly once
 * @param fellBack true when the requested template was unknown or failed and the built-in
 *     default layout was used instead
 * @param failure a short reason for the fall-back (for logs and metrics), "" when none
 */
public record Rendered(String text, boolean fellBack, String failure) {
    public Rendered {
        text = text == null ? "" : text;
        failure = failure == null ? "" : failure;
    }
}
