package io.alertgate.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.alert.AlertGroup;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.ingest.IngestException;
import io.alertgate.ingest.IngestLimits;
import io.alertgate.ingest.WebhookParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inputs shared by the benchmarks: corpus payloads by alert count, one tenant's config, a fixed clock.
 *
 * <p>The payloads are copies of {@code shared/corpus/alertmanager/realistic/} r01 (1 alert), r03 (5)
 * and r24 (200), bundled as resources so a clean clone runs without the shared corpus; the 50-alert
 * group is r24's first 50 alerts with the group fields kept, written back as JSON once.
 */
final class Fixtures {
    static final String TENANT = "bench";

    /**
     * One tenant whose groups go to one incoming webhook through a rule (and to the default for
     * non-Kube alerts), rendered with the built-in layout: the common production shape.
     */
    static final String CONFIG = """
            tenants:
              bench:
                environments:
                  prod:
                    slack:
                      webhooks:
                        ops: http://127.0.0.1:9/unused
                      channels:
                        default: webhook:ops
                      routing_rules:
                        - id: kube
                          matchers: ['alertname=~"Kube.*"', 'severity!="none"']
                          target_channels: [webhook:ops]
            """;

    /** Fixed so that "firing for …" durations are the same in every run. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {}

    /** The webhook body with {@code alerts} alerts: 1, 5, 50 or 200. */
    static byte[] payload(int alerts) {
        return switch (alerts) {
            case 1 -> resource("r01-kubepodcrashlooping-firing.json");
            case 5 -> resource("r03-kubepodnotready-group5.json");
            case 200 -> resource("r24-kubecontainerwaiting-200.json");
            case 50 -> firstAlertsOf(resource("r24-kubecontainerwaiting-200.json"), 50);
            default -> throw new IllegalArgumentException("no corpus payload with " + alerts + " alerts");
        };
    }

    /** The parsed group of {@link #payload}. */
    static AlertGroup group(int alerts) {
        try {
            AlertGroup g = new WebhookParser(IngestLimits.defaults()).parse(payload(alerts));
            if (g.alerts().size() != alerts) throw new IllegalStateException("expected " + alerts + " alerts, got " + g.alerts().size());
            return g;
        } catch (IngestException e) {
            throw new IllegalStateException("corpus payload rejected", e);
        }
    }

    static GatewayConfig config() {
        try {
            return new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG, null);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark config rejected", e);
        }
    }

    private static byte[] firstAlertsOf(byte[] body, int n) {
        try {
            Map<String, Object> doc = new LinkedHashMap<>(JSON.std.mapFrom(body));
            List<?> alerts = (List<?>) doc.get("alerts");
            doc.put("alerts", new ArrayList<>(alerts.subList(0, n)));
            return JSON.std.asBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource corpus/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
