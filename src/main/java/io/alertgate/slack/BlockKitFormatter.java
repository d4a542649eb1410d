package io.alertgate.slack;

import io.alertgate.alert.Priority;
import io.alertgate.alert.Status;
import io.alertgate.template.AlertView;
import io.alertgate.template.Messages;
import io.alertgate.template.Mrkdwn;
import io.alertgate.template.NotificationView;
import io.alertgate.template.ViewModels;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns one rendered notification into a Slack message that fits every Block Kit limit, for a group
 * of any size.
 *
 * <p>Shape: a top-level {@code header} block (so the title stays visible), then one legacy
 * attachment holding {@code color} and the rest of the blocks — Slack draws the colour bar only on
 * attachments. The attachment holds: the template body, common fields, one compact line per alert
 * (when there is more than one), a context line (start time, Alertmanager link, alerts Alertmanager
 * left out) and link buttons. Alerts that do not fit are summarised as "+N more alerts", never
 * dropped silently.
 *
 * <p>Escaping: the body arrives escaped by the template engine and is not escaped again; every
 * value this class adds to mrkdwn goes through {@link Mrkdwn#escape} exactly once; plain_text
 * (header, buttons) is never escaped.
 */
public final class BlockKitFormatter {
    /** Colour bar of a resolved group: Slack green. */
    public static final String COLOR_RESOLVED = "#2EB67D";
    /** Colour bar of a critical (and page/p1) group: Slack red. */
    public static final String COLOR_CRITICAL = "#E01E5A";
    /** Colour bar of a high (error/major/p2) group: orange. */
    public static final String COLOR_HIGH = "#E8912D";
    /** Colour bar of a warning (medium/p3) group: Slack yellow. */
    public static final String COLOR_WARNING = "#ECB22E";
    /** Colour bar of a low, info or unlabelled group: Slack blue. */
    public static final String COLOR_INFO = "#36C5F0";

    /** One alert's line, code points; a huge label value cannot crowd out the other alerts. */
    public static final int MAX_ALERT_LINE = 300;
    /**
     * Sections of alert lines at most (3,000 code points each). Far below the 50-block limit on
     * purpose: a list longer than ~30,000 characters is unreadable and Slack collapses it anyway.
     */
    public static final int MAX_ALERT_SECTIONS = 10;
    /** Chars an alert line usually takes (name, instance, summary), to size the section builder. */
    private static final int TYPICAL_ALERT_LINE = 160;
    /** Fallback {@code text}, code points: it is the notification preview, one line is read. */
    public static final int MAX_FALLBACK_TEXT = 1000;

    private static final String FIRING_EMOJI = "🔥";
    private static final String RESOLVED_EMOJI = "✅";
    private static final String BULLET = "•";

    /** Formats {@code view} with {@code bodyMrkdwn} (the template's output, already escaped). */
    public SlackMessage format(NotificationView view, String bodyMrkdwn) {
        return format(view, bodyMrkdwn, java.util.Optional.empty());
    }

    /**
     * As {@link #format(NotificationView, String)}, and for a firing group whose most severe alert
     * is critical, puts {@code mentionOnCritical} (a Slack mention token from the tenant's config,
     * validated at load: {@code <!here>}, {@code <@U…>}, …) in a section under the header and in
     * front of the notification text. This is the only unescaped markup a message carries; alert
     * data can never mention anyone.
     */
    public SlackMessage format(NotificationView view, String bodyMrkdwn, java.util.Optional<String> mentionOnCritical) {
        SlackMessage plain = formatPlain(view, bodyMrkdwn);
        if (mentionOnCritical.isEmpty() || view.group().status() == Status.RESOLVED
                || !COLOR_CRITICAL.equals(color(view, view.firing()))) {
            return plain;
        }
        String mention = mentionOnCritical.get();
        List<Map<String, Object>> top = new ArrayList<>(plain.blocks());
        top.add(section(mention));
        return new SlackMessage(Text.truncateMrkdwn(mention + " " + plain.text(), MAX_FALLBACK_TEXT), top,
                plain.attachments());
    }

    private SlackMessage formatPlain(NotificationView view, String bodyMrkdwn) {
        Messages messages = Messages.forLocale(view.locale());
        List<AlertView> alerts = firingThenResolved(view);
        boolean resolved = view.group().status() == Status.RESOLVED;
        int count = resolved ? view.resolved().size() : view.firing().size();
        String status = messages.get(resolved ? "resolved" : "firing");
        String name = title(view);
        String summary = view.alert() == null ? "" : firstNonEmpty(view.alert().summary(), view.alert().description());

        List<Map<String, Object>> top = List.of(header(
                (resolved ? RESOLVED_EMOJI : FIRING_EMOJI) + " " + status + ": " + name + (count > 1 ? " (" + count + ")" : "")));

        List<Map<String, Object>> rest = new ArrayList<>();
        if (bodyMrkdwn != null && !bodyMrkdwn.isBlank()) {
            rest.add(section(Text.truncateMrkdwn(bodyMrkdwn, BlockKitLimits.MAX_SECTION_TEXT)));
        }
        Map<String, Object> fields = fields(alerts, messages);
        if (fields != null) rest.add(fields);
        Map<String, Object> context = context(view, alerts, messages);
        Map<String, Object> actions = actions(view, view.alert(), messages);
        if (alerts.size() > 1) {
            int used = top.size() + rest.size() + (context == null ? 0 : 1) + (actions == null ? 0 : 1);
            rest.addAll(alertSections(alerts, view, messages, BlockKitLimits.MAX_BLOCKS_PER_MESSAGE - used));
        }
        if (context != null) rest.add(context);
        if (actions != null) rest.add(actions);

        Map<String, Object> attachment = LinkedHashMap.newLinkedHashMap(2);
        attachment.put("color", color(view, alerts));
        attachment.put("blocks", rest);

        String fallback = "[" + status + ":" + count + "] " + name + (summary.isEmpty() ? "" : " — " + summary);
        return new SlackMessage(
                Text.truncateMrkdwn(Mrkdwn.escape(fallback), MAX_FALLBACK_TEXT), top, List.of(attachment));
    }

    /** Firing alerts, then resolved ones; one of the view's own lists when the other is empty (the usual case). */
    private static List<AlertView> firingThenResolved(NotificationView view) {
        if (view.resolved().isEmpty()) return view.firing();
        if (view.firing().isEmpty()) return view.resolved();
        List<AlertView> all = new ArrayList<>(view.firing().size() + view.resolved().size());
        all.addAll(view.firing());
        all.addAll(view.resolved());
        return List.copyOf(all);
    }

    /** The group's alert name: group label, common label, first alert, else the receiver. */
    private static String title(NotificationView view) {
        String name = firstNonEmpty(
                view.group().groupLabels().valueOrEmpty("alertname"),
                view.group().commonLabels().valueOrEmpty("alertname"),
                view.alert() == null ? "" : view.alert().name(),
                view.group().receiver());
        return name.isEmpty() ? "alert" : name;
    }

    private static Map<String, Object> header(String text) {
        Map<String, Object> block = LinkedHashMap.newLinkedHashMap(2);
        block.put("type", "header");
        block.put("text", plain(Text.truncatePlain(text, BlockKitLimits.MAX_HEADER_TEXT)));
        return block;
    }

    /** Fields for the values every alert shares (others show per alert in the list). */
    private static Map<String, Object> fields(List<AlertView> alerts, Messages messages) {
        List<Map<String, Object>> fields = new ArrayList<>(4); // severity, service, environment, instance
        addField(fields, alerts, AlertView::severity, messages.get("severity"));
        addField(fields, alerts, AlertView::service, messages.get("service"));
        addField(fields, alerts, AlertView::environment, messages.get("environment"));
        addField(fields, alerts, AlertView::instance, messages.get("instance"));
        if (fields.isEmpty()) return null;
        Map<String, Object> block = LinkedHashMap.newLinkedHashMap(2);
        block.put("type", "section");
        block.put("fields", fields);
        return block;
    }

    private static void addField(List<Map<String, Object>> fields, List<AlertView> alerts, Function<AlertView, String> get, String label) {
        if (alerts.isEmpty()) return;
        String value = get.apply(alerts.get(0));
        if (value == null || value.isEmpty()) return;
        for (AlertView a : alerts) if (!value.equals(get.apply(a))) return;
        fields.add(mrkdwn(Text.truncateMrkdwn("*" + Mrkdwn.escape(label) + "*\n" + Mrkdwn.escape(value), BlockKitLimits.MAX_FIELD_TEXT)));
    }

    /**
     * One line per alert, packed into sections of at most 3,000 code points, within {@code blockBudget}
     * blocks and {@link #MAX_ALERT_SECTIONS}; what does not fit becomes "+N more alerts".
     */
    private static List<Map<String, Object>> alertSections(List<AlertView> alerts, NotificationView view, Messages messages, int blockBudget) {
        int maxSections = Math.min(MAX_ALERT_SECTIONS, blockBudget - 1); // one block kept for "+N more"
        boolean mixed = !view.firing().isEmpty() && !view.resolved().isEmpty();
        List<String> sections = new ArrayList<>();
        // A section's lines are kept and joined once (String.join sizes the result exactly): a
        // StringBuilder started Latin-1, was inflated to UTF-16 by the first bullet, then copied by toString.
        List<String> current = new ArrayList<>(Math.min(alerts.size(), BlockKitLimits.MAX_SECTION_TEXT / TYPICAL_ALERT_LINE));
        int currentLength = 0; // code points of the lines joined by '\n'
        int listed = 0;
        for (AlertView a : alerts) {
            String line = alertLine(a, mixed);
            int lineLength = Text.length(line);
            int needed = currentLength + (current.isEmpty() ? 0 : 1) + lineLength;
            if (needed > BlockKitLimits.MAX_SECTION_TEXT) {
                if (sections.size() + 1 >= maxSections) break;
                sections.add(String.join("\n", current));
                current.clear();
                currentLength = 0;
            }
            currentLength += (current.isEmpty() ? 0 : 1) + lineLength;
            current.add(line);
            listed++;
        }
        if (!current.isEmpty()) sections.add(String.join("\n", current));
        int more = alerts.size() - listed;
        if (more > 0) {
            String moreLine = "_" + Mrkdwn.escape(messages.get("more_alerts", more)) + "_";
            int last = sections.size() - 1;
            if (last >= 0 && Text.length(sections.get(last)) + 1 + Text.length(moreLine) <= BlockKitLimits.MAX_SECTION_TEXT) {
                sections.set(last, sections.get(last) + "\n" + moreLine);
            } else {
                sections.add(moreLine);
            }
        }
        List<Map<String, Object>> blocks = new ArrayList<>(sections.size());
        for (String text : sections) blocks.add(section(text));
        return blocks;
    }

    /** {@code • *alertname* instance — summary}, every value escaped once. */
    static String alertLine(AlertView a, boolean mixed) {
        String bullet = !mixed ? BULLET : "resolved".equals(a.status()) ? RESOLVED_EMOJI : FIRING_EMOJI;
        String name = a.name();
        String instance = a.instance();
        String summary = firstNonEmpty(a.summary(), a.description());
        // One concatenation: sized and coded (Latin-1/UTF-16) once, where a StringBuilder started
        // Latin-1, was inflated by the bullet, then copied by toString.
        String line = bullet
                + (name.isEmpty() ? "" : " *") + (name.isEmpty() ? "" : Mrkdwn.escape(name)) + (name.isEmpty() ? "" : "*")
                + (instance.isEmpty() ? "" : " ") + (instance.isEmpty() ? "" : Mrkdwn.escape(instance))
                + (summary.isEmpty() ? "" : " — ") + (summary.isEmpty() ? "" : Mrkdwn.escape(summary.replace('\n', ' ')));
        return Text.truncateMrkdwn(line, MAX_ALERT_LINE);
    }

    private static Map<String, Object> context(NotificationView view, List<AlertView> alerts, Messages messages) {
        List<Map<String, Object>> elements = new ArrayList<>(3); // start, Alertmanager link, truncated
        Instant start = null;
        for (int i = 0; i < alerts.size(); i++) {
            Instant t = alerts.get(i).startsAt();
            if (t != null && (start == null || t.isBefore(start))) start = t;
        }
        if (start != null) elements.add(mrkdwn(Mrkdwn.escape(messages.get("started")) + ": " + date(start)));
        String external = view.group().externalURL();
        if (isLinkable(external)) {
            elements.add(mrkdwn(Text.truncateMrkdwn(
                    "<" + linkUrl(external) + "|" + Mrkdwn.escape(messages.get("alertmanager")) + ">", BlockKitLimits.MAX_SECTION_TEXT)));
        }
        if (view.group().truncatedAlerts() > 0) {
            elements.add(mrkdwn(Mrkdwn.escape(messages.get("truncated_alerts", view.group().truncatedAlerts()))));
        }
        if (elements.isEmpty()) return null;
        Map<String, Object> block = LinkedHashMap.newLinkedHashMap(2);
        block.put("type", "context");
        block.put("elements", elements);
        return block;
    }

    /** Slack's date token: shown in the reader's time zone; the fallback is the UTC instant. */
    private static String date(Instant t) {
        Instant s = t.truncatedTo(ChronoUnit.SECONDS);
        return "<!date^" + s.getEpochSecond() + "^{date_short_pretty} {time}|" + s + ">";
    }

    /**
     * Silence the group, not one alert: the labels every alert shares (Alertmanager's
     * {@code commonLabels}), so one click covers the whole notification. A group with no common
     * label falls back to the first alert's labels.
     */
    private static String groupSilenceUrl(NotificationView view, AlertView alert) {
        var common = view.group().commonLabels();
        return common.isEmpty() ? alert.silenceUrl() : ViewModels.silenceUrl(view.group().externalURL(), common);
    }

    private static Map<String, Object> actions(NotificationView view, AlertView alert, Messages messages) {
        if (alert == null) return null;
        List<Map<String, Object>> buttons = new ArrayList<>(3); // runbook, dashboard, silence
        addButton(buttons, "runbook", messages.get("runbook"), alert.runbookUrl());
        addButton(buttons, "dashboard", messages.get("dashboard"), alert.dashboardUrl());
        addButton(buttons, "silence", messages.get("silence"), groupSilenceUrl(view, alert));
        if (buttons.isEmpty()) return null;
        Map<String, Object> block = LinkedHashMap.newLinkedHashMap(2);
        block.put("type", "actions");
        block.put("elements", buttons);
        return block;
    }

    private static void addButton(List<Map<String, Object>> buttons, String actionId, String label, String url) {
        if (!isLinkable(url)) return;
        Map<String, Object> button = LinkedHashMap.newLinkedHashMap(4);
        button.put("type", "button");
        button.put("action_id", actionId);
        button.put("text", plain(Text.truncatePlain(label, BlockKitLimits.MAX_BUTTON_TEXT)));
        button.put("url", url);
        buttons.add(button);
    }

    /** An absolute http(s) URL with a host, short enough for a button; anything else is left out. */
    static boolean isLinkable(String url) {
        if (url == null || url.isEmpty() || Text.length(url) > BlockKitLimits.MAX_BUTTON_URL) return false;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A URL safe inside {@code <url|text>}: entities for {@code & < >}, and {@code |} percent-encoded. */
    private static String linkUrl(String url) {
        return Mrkdwn.escape(url.replace("|", "%7C"));
    }

    private static String color(NotificationView view, List<AlertView> alerts) {
        if (view.group().status() == Status.RESOLVED) return COLOR_RESOLVED;
        List<AlertView> considered = view.firing().isEmpty() ? alerts : view.firing();
        Priority top = null;
        for (int i = 0; i < considered.size(); i++) {
            Priority p = Priority.fromSeverity(considered.get(i).severity());
            if (top == null || p.compareTo(top) < 0) top = p;
        }
        if (top == null) top = Priority.INFO;
        return switch (top) {
            case CRITICAL -> COLOR_CRITICAL;
            case HIGH -> COLOR_HIGH;
            case MEDIUM -> COLOR_WARNING;
            case LOW, INFO -> COLOR_INFO;
        };
    }

    private static Map<String, Object> section(String mrkdwn) {
        Map<String, Object> block = LinkedHashMap.newLinkedHashMap(2);
        block.put("type", "section");
        block.put("text", mrkdwn(mrkdwn));
        return block;
    }

    private static Map<String, Object> mrkdwn(String text) {
        Map<String, Object> m = LinkedHashMap.newLinkedHashMap(2);
        m.put("type", "mrkdwn");
        m.put("text", text);
        return m;
    }

    private static Map<String, Object> plain(String text) {
        Map<String, Object> m = LinkedHashMap.newLinkedHashMap(3);
        m.put("type", "plain_text");
        m.put("text", text);
        m.put("emoji", true);
        return m;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) if (v != null && !v.isEmpty()) return v;
        return "";
    }
}
