package io.alertgate.template;

import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.regex.Pattern;

/**
 * Builds the documented view model ({@link NotificationView}) from a parsed payload and turns it into
 * the Mustache context. The context is made of Maps, Lists, Strings and numbers only, so jmustache
 * never reflects on our classes (GraalVM native image needs no configuration for it). The reference
 * for template authors is {@code docs/templates.md}; keep it in step with {@link #toContext}.
 */
public final class ViewModels {
    private ViewModels() {}

    /** Annotation names tried, in order, for {@code alert.summary}. */
    static final List<String> SUMMARY_KEYS = List.of("summary", "message", "title");
    static final List<String> SERVICE_KEYS = List.of("service", "job");
    static final List<String> ENVIRONMENT_KEYS = List.of("environment", "env");
    static final List<String> INSTANCE_KEYS = List.of("instance", "pod", "node");
    static final List<String> RUNBOOK_KEYS = List.of("runbook_url", "runbook");
    static final List<String> DASHBOARD_KEYS = List.of("dashboard_url", "grafana_url");

    /** Alertmanager UI route that opens the "new silence" form; its {@code filter} takes a matcher set. */
    static final String SILENCE_PATH = "/#/silences/new?filter=";

    /** Entries of a group context plus the template engine's filters, to size the map once. */
    private static final int CONTEXT_ENTRIES = 48;

    /** Label names Alertmanager accepts unquoted in a matcher (the classic Prometheus label syntax). */
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?");


    /**
     * The view of {@code group} for one tenant. Times derived from "now" (the duration of a firing
     * alert) come from {@code clock}.
     */
    public static NotificationView build(AlertGroup group, String tenant, String env, String locale, Clock clock) {
        Instant now = clock.instant();
        List<AlertView> firing = new ArrayList<>();
        List<AlertView> resolved = new ArrayList<>();
        for (Alert a : group.alerts()) {
            AlertView v = alertView(a, group.externalURL(), now);
            (a.status() == Status.FIRING ? firing : resolved).add(v);
        }
        AlertView first = !firing.isEmpty() ? firing.get(0) : resolved.isEmpty() ? null : resolved.get(0);
        return new NotificationView(group, first, firing, resolved, nz(tenant), nz(env), nz(locale));
    }

    private static AlertView alertView(Alert a, String externalURL, Instant now) {
        Labels l = a.labels();
        Labels ann = a.annotations();
        return new AlertView(
                a.name(),
                a.status().wireName(),
                first(ann, SUMMARY_KEYS),
                ann.valueOrEmpty("description"),
                l.valueOrEmpty("severity"),
                first(l, SERVICE_KEYS),
                first(l, ENVIRONMENT_KEYS),
                first(l, INSTANCE_KEYS),
                first(ann, RUNBOOK_KEYS),
                first(ann, DASHBOARD_KEYS),
                a.generatorURL(),
                externalURL,
                a.startsAt(),
                a.endsAt(),
                duration(a, now),
                a.fingerprint(),
                l,
                ann);
    }

    /**
     * How long the alert has lasted: to {@code endsAt} when resolved with a known end, else to now.
     * Never negative (clock skew between Prometheus and us must not show "-3s").
     */
    static Duration duration(Alert a, Instant now) {
        Instant end = a.status() == Status.RESOLVED && a.endsAt().isPresent() ? a.endsAt().get() : now;
        Duration d = Duration.between(a.startsAt(), end);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * Alertmanager's "new silence" deep link prefilled with every label of the alert, or "" when the
     * payload's {@code externalURL} is not an absolute http(s) URL (a link nobody can open is worse
     * than none). The matcher set uses Alertmanager's syntax ({@code {name="value", …}}, with
     * {@code \\}, {@code \"} and {@code \n} escaped in values) and is percent-encoded as UTF-8 with
     * {@code %20} for spaces, because the UI reads the filter from the URL fragment where {@code +}
     * is not a space.
     */
    public static String silenceUrl(String externalURL, Labels labels) {
        String base = silenceBase(externalURL);
        return base == null ? "" : silenceUrlFrom(base, labels);
    }

    /** {@code externalURL} without a trailing slash, or {@code null} when it is not an http(s) URL. */
    private static String silenceBase(String externalURL) {
        if (!isHttpUrl(externalURL)) return null;
        return externalURL.endsWith("/") ? externalURL.substring(0, externalURL.length() - 1) : externalURL;
    }

    private static String silenceUrlFrom(String base, Labels labels) {
        StringBuilder set = new StringBuilder(64 + 32 * labels.size());
        set.append('{');
        boolean firstPair = true;
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            if (!firstPair) set.append(", ");
            firstPair = false;
            String name = e.getKey();
            if (isPlainLabelName(name)) set.append(name);
            else appendQuotedMatcherValue(set, name);
            set.append('=');
            appendQuotedMatcherValue(set, e.getValue());
        }
        set.append('}');
        StringBuilder url = new StringBuilder(base.length() + SILENCE_PATH.length() + set.length() * 2);
        url.append(base).append(SILENCE_PATH);
        if (!PercentEncoding.appendUtf8(url, set)) {
            // A lone surrogate (the parser rejects them; a caller might not): let the JDK decide.
            url.setLength(base.length() + SILENCE_PATH.length());
            url.append(URLEncoder.encode(set.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, without a regex matcher per label. */
    private static boolean isPlainLabelName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    private static void appendQuotedMatcherValue(StringBuilder out, String v) {
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /**
     * True for an absolute http or https URL with a host. A pattern rather than {@link java.net.URI}
     * on purpose: real URLs in annotations carry characters URI rejects ({@code |}, {@code <}) and
     * still open in a browser; escaping for the link is done by the caller.
     */
    static boolean isHttpUrl(String url) {
        return url != null && HTTP_URL.matcher(url.strip()).matches();
    }

    /**
     * A short human duration with the two most significant units, zeros dropped: {@code 42s},
     * {@code 5m 3s}, {@code 1h 5m}, {@code 2d 3h}; {@code 0s} for zero or negative.
     */
    public static String humanDuration(Duration d) {
        long s = d.isNegative() ? 0 : d.getSeconds();
        long days = s / 86_400, hours = (s % 86_400) / 3_600, minutes = (s % 3_600) / 60, seconds = s % 60;
        if (days > 0) return join(days, "d", hours, "h");
        if (hours > 0) return join(hours, "h", minutes, "m");
        if (minutes > 0) return join(minutes, "m", seconds, "s");
        return seconds + "s";
    }

    private static String join(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + " " + minor + minorUnit;
    }

    /** RFC 3339 in UTC, as the payload would say it ({@code 2025-03-13T23:38:22.778684399Z}). */
    static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /**
     * The Mustache context for {@code view}: data only (no filters — {@link TemplateEngine} adds
     * those). Every value is raw; the engine's escaper escapes each {@code {{value}}} once.
     */
    public static Map<String, Object> toContext(NotificationView view) { // a fresh, mutable map per call
        AlertGroup g = view.group();
        // Room for the engine's filters too (it adds them to this map), so no rehash on the way.
        Map<String, Object> c = LinkedHashMap.newLinkedHashMap(CONTEXT_ENTRIES);
        c.put("version", g.version());
        c.put("status", g.status().wireName());
        c.put("receiver", g.receiver());
        c.put("groupKey", g.groupKey());
        c.put("externalURL", g.externalURL());
        c.put("truncatedAlerts", g.truncatedAlerts());
        c.put("groupLabels", g.groupLabels().asMap());
        c.put("commonLabels", g.commonLabels().asMap());
        c.put("commonAnnotations", g.commonAnnotations().asMap());
        c.put("routeLabels", g.routeLabels().asMap());
        c.put("notification_reason", g.notificationReason());
        // Built when a template reaches them: the default layout reads only {{alert}}, so a
        // 200-alert group no longer pays for 200 contexts nobody renders.
        List<Map<String, Object>> firing = new LazyAlertContexts(view.firing());
        List<Map<String, Object>> resolved = new LazyAlertContexts(view.resolved());
        c.put("firing", firing);
        c.put("resolved", resolved);
        c.put("firing_count", firing.size());
        c.put("resolved_count", resolved.size());
        c.put("alerts", inPayloadOrder(g, firing, resolved));
        if (view.alert() != null) c.put("alert", alertContext(view.alert()));
        c.put("tenant", view.tenant());
        c.put("env", view.env());
        c.put("locale", view.locale());
        c.put("is_firing", g.status() == Status.FIRING);
        c.put("is_resolved", g.status() == Status.RESOLVED);
        c.put("i18n", Messages.forLocale(view.locale()).asMap());
        return c;
    }

    /**
     * Interleaves the firing and resolved views back into the payload's order, as a view over the
     * two lazy lists (a reordered index, not copies).
     */
    private static List<Map<String, Object>> inPayloadOrder(
            AlertGroup g, List<Map<String, Object>> firing, List<Map<String, Object>> resolved) {
        int[] order = new int[firing.size() + resolved.size()]; // >= 0: firing index; < 0: ~resolved index
        int n = 0, f = 0, r = 0;
        for (Alert a : g.alerts()) {
            if (a.status() == Status.FIRING && f < firing.size()) order[n++] = f++;
            else if (a.status() == Status.RESOLVED && r < resolved.size()) order[n++] = ~r++;
        }
        int size = n;
        return new AbstractList<>() {
            @Override
            public Map<String, Object> get(int i) {
                Objects.checkIndex(i, size);
                return order[i] >= 0 ? firing.get(order[i]) : resolved.get(~order[i]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Alert contexts built on first access and kept: an immutable list as templates see it. */
    private static final class LazyAlertContexts extends AbstractList<Map<String, Object>> implements RandomAccess {
        private final List<AlertView> views;
        private final Map<String, Object>[] built;

        @SuppressWarnings("unchecked")
        LazyAlertContexts(List<AlertView> views) {
            this.views = views;
            this.built = new Map[views.size()];
        }

        @Override
        public Map<String, Object> get(int i) {
            Map<String, Object> m = built[i];
            if (m == null) {
                // Rendering is single-threaded per context; a race would only build an equal map twice.
                m = alertContext(views.get(i));
                built[i] = m;
            }
            return m;
        }

        @Override
        public int size() {
            return views.size();
        }
    }

    static Map<String, Object> alertContext(AlertView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("status", a.status());
        m.put("is_firing", "firing".equals(a.status()));
        m.put("is_resolved", "resolved".equals(a.status()));
        m.put("summary", a.summary());
        m.put("description", a.description());
        m.put("severity", a.severity());
        m.put("service", a.service());
        m.put("environment", a.environment());
        m.put("instance", a.instance());
        m.put("runbook_url", a.runbookUrl());
        m.put("dashboard_url", a.dashboardUrl());
        m.put("generator_url", a.generatorUrl());
        m.put("silence_url", a.silenceUrl());
        m.put("startsAt", rfc3339(a.startsAt()));
        Optional<Instant> end = a.endsAt();
        end.ifPresent(t -> m.put("endsAt", rfc3339(t)));
        m.put("duration", humanDuration(a.duration()));
        m.put("duration_seconds", a.duration().getSeconds());
        m.put("fingerprint", a.fingerprint());
        m.put("labels", a.labels().asMap());
        m.put("annotations", a.annotations().asMap());
        return m;
    }

    private static String first(Labels labels, List<String> names) {
        for (int i = 0; i < names.size(); i++) { // indexed: no iterator per field per alert
            String v = labels.valueOrEmpty(names.get(i));
            if (!v.isEmpty()) return v;
        }
        return "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
