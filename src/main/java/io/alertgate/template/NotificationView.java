package io.alertgate.template;

import io.alertgate.alert.AlertGroup;
import java.util.List;

/**
 * The documented view model of one notification, built once per (notification, tenant) and shared by
 * the Mustache body and the Block Kit formatter. Raw, unescaped values.
 *
 * @param group the parsed payload
 * @param alert the first alert (firing first, else resolved), the one most templates talk about
 * @param firing views of the firing alerts, in payload order
 * @param resolved views of the resolved alerts, in payload order
 * @param tenant the tenant id from the URL
 * @param env the environment the process serves (e.g. {@code prod})
 * @param locale the tenant's built-in strings locale: {@code en} or {@code fr}
 */
public record NotificationView(
        AlertGroup group,
        AlertView alert,
        List<AlertView> firing,
        List<AlertView> resolved,
        String tenant,
        String env,
        String locale) {

    public NotificationView {
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }
}
