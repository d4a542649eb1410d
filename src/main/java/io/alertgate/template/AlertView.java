package io.alertgate.template;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The template view of one alert: the fields users reach as {@code alert.*} in a Mustache template.
 * Values are raw (unescaped) strings; escaping for Slack mrkdwn happens once, at render time.
 *
 * @param name the {@code alertname} label, "" when absent
 * @param status "firing" or "resolved"
 * @param summary annotation {@code summary} (or {@code message}, {@code title}), "" when absent
 * @param description annotation {@code description}, "" when absent
 * @param severity label {@code severity}, "" when absent
 * @param service label {@code service} (or {@code job}), "" when absent
 * @param environment label {@code environment} (or {@code env}), "" when absent
 * @param instance label {@code instance} (or {@code pod}, {@code node}), "" when absent
 * @param runbookUrl annotation {@code runbook_url} (or {@code runbook}), "" when absent
 * @param dashboardUrl annotation {@code dashboard_url} (or {@code grafana_url}), "" when absent
 * @param generatorUrl the alert's {@code generatorURL}, "" when absent
 * @param externalURL the payload's {@code externalURL} (Alertmanager's UI), for {@link #silenceUrl()}
 * @param startsAt when the alert started
 * @param endsAt empty when Alertmanager sent the zero time (unknown end)
 * @param duration from {@code startsAt} to {@code endsAt} when resolved, else to "now" (clock)
 * @param fingerprint Alertmanager's fingerprint, "" when absent
 */
public record AlertView(
        String name,
        String status,
        String summary,
        String description,
        String severity,
        String service,
        String environment,
        String instance,
        String runbookUrl,
        String dashboardUrl,
        String generatorUrl,
        String externalURL,
        Instant startsAt,
        Optional<Instant> endsAt,
        Duration duration,
        String fingerprint,
        io.alertgate.alert.Labels labels,
        io.alertgate.alert.Labels annotations) {

    /**
     * Alertmanager deep link that opens a new silence prefilled with the alert's labels
     * (percent-encoded); "" when {@code externalURL} is not an http(s) URL. Built on each call, not
     * with the view: only the alerts a template or the formatter reaches need one, and a 200-alert
     * group used to build 200 links (~1.7 KB each) that nothing read.
     */
    public String silenceUrl() {
        return ViewModels.silenceUrl(externalURL, labels);
    }
}
