package io.alertgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alertgate route}: explains rules, time intervals and destinations; exit codes 0, 1, 2. */
class RouteCommandTest {
    private static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      webhooks:
                        ops: https://hooks.example.com/ops
                        a: https://hooks.example.com/a
                        b: https://hooks.example.com/b
                      channels:
                        default: webhook:ops
                      time_intervals:
                        - name: nights
                          time_intervals:
                            - times: [{start_time: "00:00", end_time: "07:00"}]
                              location: Europe/Paris
                      routing_rules:
                        - id: quiet_nights
                          conditions: {severity: warning}
                          target_channels: [webhook:a, webhook:b]
                          strategy: round_robin
                          mute_time_intervals: [nights]
            """;
    private static final String PAYLOAD = """
            {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0,"status":"firing",
             "receiver":"alertgate","groupLabels":{"alertname":"DiskFull"},
             "commonLabels":{"alertname":"DiskFull","severity":"warning"},"commonAnnotations":{},
             "externalURL":"http://am:9093","alerts":[{"status":"firing",
             "labels":{"alertname":"DiskFull","severity":"warning"},"annotations":{},
             "startsAt":"2026-03-29T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"f1"}]}
            """;

    @TempDir
    Path dir;
    private Path config;
    private Path payload;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws Exception {
        config = Files.writeString(dir.resolve("alertgate.yaml"), CONFIG);
        payload = Files.writeString(dir.resolve("payload.json"), PAYLOAD);
    }

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void route_insideAMuteInterval_explainsThatNothingIsSent() {
        // 02:30 on the spring-forward night is not a Paris wall-clock time; +01:00 makes it 01:30 UTC = 03:30 CEST.
        int code = run("route", "--config", config.toString(), "--tenant", "acme", "--payload", payload.toString(),
                "--at", "2026-03-29T02:30:00+01:00");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("rule quiet_nights: MATCHED"), out());
        assertTrue(out().contains("matches severity=\"warning\" (severity is \"warning\")"), out());
        assertTrue(out().contains("mute_time_intervals nights: active, so muted"), out());
        assertTrue(out().contains("result: every matching rule is muted at this time: nothing is sent"), out());
    }

    @Test
    void route_outsideTheMuteInterval_namesTheChosenDestination() {
        int code = run("route", "--config", config.toString(), "--tenant", "acme", "--payload", payload.toString(),
                "--at", "2026-03-30T10:00:00+02:00");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out().contains("mute_time_intervals nights: not active"), out());
        assertTrue(out().contains("strategy round_robin picks webhook:a"), out());
        assertTrue(out().contains("-> webhook:a (rule:quiet_nights, priority MEDIUM)"), out());
    }

    @Test
    void route_unknownTenant_exitsOne() {
        assertEquals(1, run("route", "--config", config.toString(), "--tenant", "nope", "--payload", payload.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown tenant 'nope'"));
    }

    @Test
    void route_invalidPayload_exitsOne() throws Exception {
        Files.writeString(payload, "{\"version\": 4}");
        assertEquals(1, run("route", "--config", config.toString(), "--tenant", "acme", "--payload", payload.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("alertgate: invalid payload"));
    }

    @Test
    void route_badAt_exitsTwo() {
        assertEquals(2, run("route", "--config", config.toString(), "--tenant", "acme", "--payload", payload.toString(),
                "--at", "tomorrow"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--at 'tomorrow'"));
    }

    @Test
    void route_missingPayloadFile_exitsTwo() {
        assertEquals(2, run("route", "--config", config.toString(), "--tenant", "acme", "--payload",
                dir.resolve("absent.json").toString()));
    }

    @Test
    void route_withoutConfig_isAUsageError() {
        assertEquals(2, run("route", "--tenant", "acme", "--payload", payload.toString()));
    }
}
