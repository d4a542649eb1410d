package io.alertgate.template;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.Alert;
import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test-only builders: AlertGroups by hand, and from the shared corpus (no ingest parser in this package). */
final class TestPayloads {
    static final Instant NOW = Instant.parse("2025-03-14T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private TestPayloads() {}

    static Path shared() {
        String env = System.getenv("ALERTGATE_SHARED");
        return Path.of(env != null ? env : "../shared");
    }

    static List<Path> realisticCorpus() throws IOException {
        try (var s = Files.list(shared().resolve("corpus/alertmanager/realistic"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static AlertGroup fromFile(Path p) throws IOException {
        return fromMap(JSON.std.mapFrom(Files.readString(p)));
    }

    @SuppressWarnings("unchecked")
    static AlertGroup fromMap(Map<String, Object> m) {
        List<Alert> alerts = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("alerts", List.of())) {
            Map<String, Object> a = (Map<String, Object>) o;
            alerts.add(new Alert(
                    Status.fromWire((String) a.get("status")).orElseThrow(),
                    labels(a.get("labels")),
                    labels(a.get("annotations")),
                    instant((String) a.get("startsAt")).orElseThrow(),
                    instant((String) a.get("endsAt")),
                    (String) a.get("generatorURL"),
                    (String) a.get("fingerprint")));
        }
        Object truncated = m.get("truncatedAlerts");
        return new AlertGroup(
                String.valueOf(m.getOrDefault("version", "4")),
                (String) m.get("groupKey"),
                truncated instanceof Number n ? n.intValue() : 0,
                Status.fromWire((String) m.get("status")).orElseThrow(),
                (String) m.get("receiver"),
                labels(m.get("groupLabels")),
                labels(m.get("commonLabels")),
                labels(m.get("commonAnnotations")),
                (String) m.get("externalURL"),
                alerts,
                (String) m.get("notification_reason"),
                labels(m.get("routeLabels")));
    }

    @SuppressWarnings("unchecked")
    private static Labels labels(Object o) {
        if (!(o instanceof Map<?, ?> map)) return Labels.EMPTY;
        var out = new java.util.TreeMap<String, String>();
        ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return Labels.of(out);
    }

    private static Optional<Instant> instant(String s) {
        if (s == null || s.isEmpty() || s.equals(ZERO_TIME)) return Optional.empty();
        Instant t = OffsetDateTime.parse(s).toInstant();
        return t.getEpochSecond() < 0 ? Optional.empty() : Optional.of(t);
    }

    static Alert alert(Status status, Labels labels, Labels annotations, String startsAt, String endsAt) {
        return new Alert(status, labels, annotations, Instant.parse(startsAt), instant(endsAt),
                "http://prometheus.example.com/graph?g0.expr=up", "abc123");
    }

    static AlertGroup group(Status status, String externalURL, Alert... alerts) {
        Labels common = alerts.length == 1 ? alerts[0].labels() : Labels.EMPTY;
        return new AlertGroup("4", "{}:{alertname=\"X\"}", 0, status, "slack", Labels.EMPTY, common,
                alerts.length == 1 ? alerts[0].annotations() : Labels.EMPTY, externalURL, List.of(alerts), "", Labels.EMPTY);
    }

    /** A firing CPU alert that started 1h 5m before {@link #NOW}. */
    static Alert cpuFiring() {
        return alert(Status.FIRING,
                Labels.of("alertname", "HighCPU", "severity", "critical", "service", "api-gateway",
                        "environment", "production", "instance", "10.0.0.1:9100"),
                Labels.of("summary", "Utilisation CPU élevée", "description", "CPU > 90% depuis 10 minutes",
                        "runbook_url", "https://runbooks.example.com/cpu?a=1&b=2"),
                "2025-03-13T22:55:00Z", ZERO_TIME);
    }

    static NotificationView view(AlertGroup g, String locale) {
        return ViewModels.build(g, "acme", "prod", locale, CLOCK);
    }
}
