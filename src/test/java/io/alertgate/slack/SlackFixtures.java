package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import io.alertgate.template.AlertView;
import io.alertgate.template.NotificationView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Hand-built views for the slack tests: the template package's ViewModels are written in parallel,
 * so these build {@link NotificationView} and {@link AlertView} directly, plus a tiny test-only
 * loader for the Alertmanager corpus payloads.
 */
final class SlackFixtures {
    static final Instant STARTS_AT = Instant.parse("2025-03-14T09:09:36Z");
    static final String EXTERNAL_URL = "http://alertmanager.example.com:9093";

    private SlackFixtures() {}

    /** A firing alert with the given labels and annotations. */
    static AlertView alert(Map<String, String> labels, Map<String, String> annotations) {
        return alert(Status.FIRING, labels, annotations);
    }

    static AlertView alert(Status status, Map<String, String> labels, Map<String, String> annotations) {
        Labels l = Labels.of(labels);
        Labels a = Labels.of(annotations);
        return new AlertView(
                l.valueOrEmpty("alertname"),
                status.wireName(),
                first(a, "summary", "message", "title"),
                first(a, "description"),
                first(l, "severity"),
                first(l, "service", "job"),
                first(l, "environment", "env"),
                first(l, "instance", "pod", "node"),
                first(a, "runbook_url", "runbook"),
                first(a, "dashboard_url", "grafana_url"),
                "http://prometheus-k8s-0:9090/graph?g0.expr=up",
                EXTERNAL_URL,
                STARTS_AT,
                Optional.empty(),
                Duration.ofMinutes(5),
                "d22d46cf6dbfec4e",
                l,
                a);
    }

    /** {@code n} firing alerts named {@code name}, instances {@code host-0…}, severity warning. */
    static List<AlertView> alerts(int n, String name) {
        List<AlertView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(alert(
                    Map.of("alertname", name, "severity", "warning", "instance", "host-" + i + ".example.com:9100"),
                    Map.of("summary", "Disk /var is 9" + (i % 10) + "% full.", "runbook_url", "https://runbooks.example.com/" + name)));
        }
        return out;
    }

    /** A view of {@code firing} and {@code resolved} alerts, English, with the default external URL. */
    static NotificationView view(Status status, List<AlertView> firing, List<AlertView> resolved) {
        return view(status, firing, resolved, EXTERNAL_URL, 0, "en");
    }

    static NotificationView view(Status status, List<AlertView> firing, List<AlertView> resolved,
            String externalUrl, int truncatedAlerts, String locale) {
        List<AlertView> all = Stream.concat(firing.stream(), resolved.stream()).toList();
        List<Alert> alerts = all.stream()
                .map(v -> new Alert(Status.fromWire(v.status()).orElseThrow(), v.labels(), v.annotations(),
                        v.startsAt(), v.endsAt(), v.generatorUrl(), v.fingerprint()))
                .toList();
        Labels groupLabels = all.isEmpty() ? Labels.EMPTY : Labels.of("alertname", all.get(0).name());
        AlertGroup group = new AlertGroup("4", "{}:{alertname=\"x\"}", truncatedAlerts, status, "slack", groupLabels,
                groupLabels, Labels.EMPTY, externalUrl, alerts, "", Labels.EMPTY);
        return new NotificationView(group, all.isEmpty() ? null : all.get(0), firing, resolved, "acme", "prod", locale);
    }

    /** The corpus directory of realistic Alertmanager payloads (env ALERTGATE_SHARED, else ../shared). */
    static Path shared() {
        String env = System.getenv("ALERTGATE_SHARED");
        return Path.of(env != null ? env : "../shared");
    }

    static List<Path> realisticCorpus() throws IOException {
        try (Stream<Path> files = Files.list(shared().resolve("corpus/alertmanager/realistic"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Test-only payload loader: just enough of webhook v4 to build a view (the real parser is ingest's). */
    @SuppressWarnings("unchecked")
    static NotificationView load(Path payload) throws IOException {
        Map<String, Object> m = JSON.std.mapFrom(Files.readString(payload));
        List<AlertView> firing = new ArrayList<>();
        List<AlertView> resolved = new ArrayList<>();
        for (Object o : (List<Object>) m.get("alerts")) {
            Map<String, Object> a = (Map<String, Object>) o;
            Status s = Status.fromWire((String) a.get("status")).orElseThrow();
            AlertView v = alert(s, strings(a.get("labels")), strings(a.get("annotations")));
            v = withStart(v, OffsetDateTime.parse((String) a.get("startsAt")).toInstant(), (String) m.get("externalURL"));
            (s == Status.FIRING ? firing : resolved).add(v);
        }
        int truncated = m.get("truncatedAlerts") instanceof Number n ? n.intValue() : 0;
        NotificationView base = view(Status.fromWire((String) m.get("status")).orElseThrow(), firing, resolved,
                (String) m.get("externalURL"), truncated, "en");
        AlertGroup g = base.group();
        AlertGroup group = new AlertGroup(g.version(), (String) m.get("groupKey"), truncated, g.status(), (String) m.get("receiver"),
                Labels.of(strings(m.get("groupLabels"))), Labels.of(strings(m.get("commonLabels"))),
                Labels.of(strings(m.get("commonAnnotations"))), g.externalURL(), g.alerts(), "", Labels.EMPTY);
        return new NotificationView(group, base.alert(), firing, resolved, "acme", "prod", "en");
    }

    /** A stand-in for the template engine's default body: summary and description, escaped. */
    static String body(NotificationView view) {
        if (view.alert() == null) return "";
        return "*" + io.alertgate.template.Mrkdwn.escape(view.alert().summary()) + "*\n"
                + io.alertgate.template.Mrkdwn.escape(view.alert().description());
    }

    private static AlertView withStart(AlertView v, Instant start, String externalUrl) {
        return new AlertView(v.name(), v.status(), v.summary(), v.description(), v.severity(), v.service(), v.environment(),
                v.instance(), v.runbookUrl(), v.dashboardUrl(), v.generatorUrl(),
                externalUrl == null ? "" : externalUrl,
                start, v.endsAt(), v.duration(), v.fingerprint(), v.labels(), v.annotations());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Object map) {
        Map<String, String> out = new TreeMap<>();
        if (map instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private static String first(Labels labels, String... names) {
        for (String n : names) {
            String v = labels.valueOrEmpty(n);
            if (!v.isEmpty()) return v;
        }
        return "";
    }
}
