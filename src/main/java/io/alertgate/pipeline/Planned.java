package io.alertgate.pipeline;

import io.alertgate.alert.Priority;
import io.alertgate.slack.Destination;
import io.alertgate.slack.SlackMessage;

/**
 * One message the pipeline built for one destination.
 *
 * @param reason why this destination: {@code rule:<id>}, {@code severity_mapping:<severity>}, {@code default}
 * @param template the template used ({@code default} for the built-in layout)
 * @param templateFailure why the template fell back to the default layout; "" when it did not
 */
public record Planned(
        Destination destination, SlackMessage message, Priority priority, String reason, String template,
        String templateFailure) {}
