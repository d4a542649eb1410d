package io.alertgate.template;

import static io.alertgate.template.TestPayloads.*;
import static org.junit.jupiter.api.Assertions.*;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewModelsTest {

    @Test
    void build_firingAlert_fillsFieldsAndDurationToNow() {
        NotificationView v = view(group(Status.FIRING, "http://am.example.com", cpuFiring()), "en");
        AlertView a = v.alert();
        assertEquals("HighCPU", a.name());
        assertEquals("Utilisation CPU élevée", a.summary());
        assertEquals("api-gateway", a.service());
        assertEquals("production", a.environment());
        assertEquals("10.0.0.1:9100", a.instance());
        assertEquals("https://runbooks.example.com/cpu?a=1&b=2", a.runbookUrl());
        assertEquals(Duration.ofMinutes(65), a.duration());
        assertTrue(a.endsAt().isEmpty());
    }

    @Test
    void build_fallbackKeys_usedWhenPrimaryAbsent() {
        var alert = alert(Status.FIRING, Labels.of("alertname", "X", "job", "node", "env", "dev", "pod", "p-1"),
                Labels.of("message", "msg", "runbook", "http://rb", "grafana_url", "http://g"),
                "2025-03-13T23:00:00Z", ZERO_TIME);
        AlertView a = view(group(Status.FIRING, "", alert), "en").alert();
        assertEquals("msg", a.summary());
        assertEquals("node", a.service());
        assertEquals("dev", a.environment());
        assertEquals("p-1", a.instance());
        assertEquals("http://rb", a.runbookUrl());
        assertEquals("http://g", a.dashboardUrl());
        assertEquals("", a.silenceUrl());
    }

    @Test
    void build_titleAnnotation_isLastSummaryFallback() {
        var alert = alert(Status.FIRING, Labels.of("alertname", "X", "node", "n1"), Labels.of("title", "T"),
                "2025-03-13T23:00:00Z", ZERO_TIME);
        AlertView a = view(group(Status.FIRING, "", alert), "en").alert();
        assertEquals("T", a.summary());
        assertEquals("n1", a.instance());
    }

    @Test
    void build_resolvedWithEnd_durationIsEndMinusStart() {
        var alert = alert(Status.RESOLVED, Labels.of("alertname", "X"), Labels.EMPTY,
                "2025-03-13T20:00:00Z", "2025-03-13T21:30:00Z");
        NotificationView v = view(group(Status.RESOLVED, "", alert), "en");
        assertEquals(Duration.ofMinutes(90), v.alert().duration());
        assertEquals("1h 30m", ViewModels.alertContext(v.alert()).get("duration"));
        assertEquals("2025-03-13T21:30:00Z", ViewModels.alertContext(v.alert()).get("endsAt"));
    }

    @Test
    void build_startInFuture_durationIsZeroNotNegative() {
        var alert = alert(Status.FIRING, Labels.of("alertname", "X"), Labels.EMPTY, "2025-03-14T00:05:00Z", ZERO_TIME);
        assertEquals(Duration.ZERO, view(group(Status.FIRING, "", alert), "en").alert().duration());
    }

    @Test
    void toContext_zeroEndsAt_keyAbsent() {
        Map<String, Object> alert = alertContext(view(group(Status.FIRING, "", cpuFiring()), "en"));
        assertFalse(alert.containsKey("endsAt"));
        assertEquals("2025-03-13T22:55:00Z", alert.get("startsAt"));
        assertEquals("1h 5m", alert.get("duration"));
        assertEquals(3900L, alert.get("duration_seconds"));
    }

    @Test
    void build_mixedGroup_firstFiringIsAlertAndAlertsKeepPayloadOrder() {
        var resolved = alert(Status.RESOLVED, Labels.of("alertname", "A"), Labels.EMPTY, "2025-03-13T20:00:00Z", "2025-03-13T21:00:00Z");
        var firing = alert(Status.FIRING, Labels.of("alertname", "B"), Labels.EMPTY, "2025-03-13T20:00:00Z", ZERO_TIME);
        NotificationView v = view(group(Status.FIRING, "", resolved, firing), "en");
        assertEquals("B", v.alert().name());
        Map<String, Object> c = ViewModels.toContext(v);
        assertEquals(1, c.get("firing_count"));
        assertEquals(1, c.get("resolved_count"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) c.get("alerts");
        assertEquals(List.of("A", "B"), all.stream().map(m -> m.get("name")).toList());
    }

    @Test
    void toContext_payloadFieldsAndI18n_present() {
        Map<String, Object> c = ViewModels.toContext(view(group(Status.FIRING, "http://am", cpuFiring()), "fr"));
        for (String key : List.of("status", "receiver", "groupKey", "externalURL", "truncatedAlerts", "groupLabels",
                "commonLabels", "commonAnnotations", "notification_reason", "firing", "resolved", "alerts", "alert",
                "tenant", "env", "locale", "is_firing", "is_resolved", "i18n")) {
            assertTrue(c.containsKey(key), key);
        }
        assertEquals("Gravité", ((Map<?, ?>) c.get("i18n")).get("severity"));
        assertEquals(true, c.get("is_firing"));
    }

    @Test
    void silenceUrl_specialCharacters_percentEncodedMatcherSet() {
        Labels labels = Labels.of("alertname", "Disk full", "path", "/a \"b\"", "q", "x=y&z", "site", "東京-DC1",
                "back", "c:\\tmp");
        String url = ViewModels.silenceUrl("https://am.example.com/", labels);
        String prefix = "https://am.example.com/#/silences/new?filter=";
        assertTrue(url.startsWith(prefix), url);
        String encoded = url.substring(prefix.length());
        assertFalse(encoded.matches(".*[ \"&=<>{}+\\u0080-\\uFFFF].*"), encoded);
        assertTrue(encoded.contains("%20"));
        assertEquals("{alertname=\"Disk full\", back=\"c:\\\\tmp\", path=\"/a \\\"b\\\"\", q=\"x=y&z\", site=\"東京-DC1\"}",
                URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }

    @Test
    void silenceUrl_nonHttpOrEmptyExternalUrl_isEmpty() {
        Labels l = Labels.of("alertname", "X");
        assertEquals("", ViewModels.silenceUrl("", l));
        assertEquals("", ViewModels.silenceUrl("javascript:alert(1)", l));
        assertEquals("", ViewModels.silenceUrl("am.example.com", l));
        assertEquals("http://am:9093/#/silences/new?filter=%7Balertname%3D%22X%22%7D", ViewModels.silenceUrl("http://am:9093", l));
    }

    @Test
    void silenceUrl_nonClassicLabelName_isQuoted() {
        String url = ViewModels.silenceUrl("http://am", Labels.of("k8s.io/name", "v"));
        assertTrue(URLDecoder.decode(url, StandardCharsets.UTF_8).endsWith("{\"k8s.io/name\"=\"v\"}"), url);
    }

    @Test
    void humanDuration_variousSpans_twoUnitsZerosDropped() {
        assertEquals("0s", ViewModels.humanDuration(Duration.ZERO));
        assertEquals("42s", ViewModels.humanDuration(Duration.ofSeconds(42)));
        assertEquals("5m 3s", ViewModels.humanDuration(Duration.ofSeconds(303)));
        assertEquals("1h", ViewModels.humanDuration(Duration.ofHours(1)));
        assertEquals("1h 5m", ViewModels.humanDuration(Duration.ofMinutes(65)));
        assertEquals("2d 3h", ViewModels.humanDuration(Duration.ofHours(51)));
        assertEquals("0s", ViewModels.humanDuration(Duration.ofSeconds(-5)));
    }

    @Test
    void build_realisticCorpus_everyPayloadBuildsAndRenders() throws Exception {
        TemplateEngine engine = TemplateEngine.defaults(CLOCK);
        List<Path> files = realisticCorpus();
        assertFalse(files.isEmpty());
        for (Path p : files) {
            AlertGroup g = fromFile(p);
            NotificationView v = view(g, "en");
            assertEquals(g.firing().size(), v.firing().size(), p.toString());
            Rendered r = engine.render("default", v);
            assertFalse(r.fellBack(), p + ": " + r.failure());
            assertFalse(r.text().isBlank(), p.toString());
            assertFalse(r.text().contains("&amp;amp;"), p.toString());
            for (AlertView a : v.firing()) assertTrue(a.endsAt().isEmpty() || a.endsAt().get().isAfter(a.startsAt()), p.toString());
        }
    }

    @Test
    void build_cjkCorpusPayload_silenceUrlCarriesEncodedLabel() throws Exception {
        Path p = realisticCorpus().stream().filter(f -> f.getFileName().toString().startsWith("r05")).findFirst().orElseThrow();
        NotificationView v = view(fromFile(p), "en");
        String url = v.alert().silenceUrl();
        if (v.group().externalURL().isEmpty()) {
            assertEquals("", url);
        } else {
            assertTrue(URLDecoder.decode(url, StandardCharsets.UTF_8).contains("site=\"東京-DC1\""), url);
            assertFalse(url.contains("東京"));
        }
    }

    private static Map<String, Object> alertContext(NotificationView v) {
        return ViewModels.alertContext(v.alert());
    }
}
