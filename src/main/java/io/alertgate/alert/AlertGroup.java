package io.alertgate.alert;

import java.util.List;
import java.util.Objects;

/**
 * One Alertmanager notification: a group of alerts sharing a group key (webhook payload version 4).
 *
 * @param version always "4" for the payloads alertgate accepts
 * @param truncatedAlerts how many alerts Alertmanager left out because of {@code max_alerts}; 0 or more
 * @param notificationReason newer Alertmanagers' {@code notification_reason}; "" when absent
 * @param routeLabels newer Alertmanagers' {@code routeLabels}; empty when absent
 */
public record AlertGroup(
        String version,
        String groupKey,
        int truncatedAlerts,
        Status status,
        String receiver,
        Labels groupLabels,
        Labels commonLabels,
        Labels commonAnnotations,
        String externalURL,
        List<Alert> alerts,
        String notificationReason,
        Labels routeLabels) {

    public AlertGroup {
        Objects.requireNonNull(status, "status");
        alerts = List.copyOf(alerts);
        version = version == null ? "4" : version;
        groupKey = groupKey == null ? "" : groupKey;
        receiver = receiver == null ? "" : receiver;
        externalURL = externalURL == null ? "" : externalURL;
        notificationReason = notificationReason == null ? "" : notificationReason;
        groupLabels = groupLabels == null ? Labels.EMPTY : groupLabels;
        commonLabels = commonLabels == null ? Labels.EMPTY : commonLabels;
        commonAnnotations = commonAnnotations == null ? Labels.EMPTY : commonAnnotations;
        routeLabels = routeLabels == null ? Labels.EMPTY : routeLabels;
        if (truncatedAlerts < 0) throw new IllegalArgumentException("truncatedAlerts < 0");
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.status() == Status.FIRING).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> a.status() == Status.RESOLVED).toList();
    }

    /**
     * Labels that describe the whole group, for routing: the common labels, falling back to the
     * first alert's labels for names the common set lacks (a group of one has them all in common).
     */
    public Labels routingLabels() {
        if (alerts.isEmpty()) return commonLabels;
        // First one in wins: common labels, then group labels, then the first alert's.
        Labels.Builder merged = new Labels.Builder();
        commonLabels.asMap().forEach(merged::putIfAbsent);
        groupLabels.asMap().forEach(merged::putIfAbsent);
        alerts.get(0).labels().asMap().forEach(merged::putIfAbsent);
        return merged.build();
    }

    /**
     * The labels a Silence button silences by: {@code commonLabels}, or {@code groupLabels} when those
     * are empty. Equality matchers on them select the group's alerts and no others.
     */
    public Labels silenceLabels() {
        return commonLabels().isEmpty() ? groupLabels() : commonLabels();
    }
}
