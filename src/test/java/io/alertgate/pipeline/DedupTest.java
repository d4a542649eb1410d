package io.alertgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.AlertGroup;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.Delivery;
import io.alertgate.ingest.IngestLimits;
import io.alertgate.ingest.WebhookParser;
import io.alertgate.route.RoutingServices;
import io.alertgate.store.IdempotencyKeys;
import io.alertgate.store.InMemoryIdempotencyKeys;
import io.alertgate.store.StoreException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DedupTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final WebhookParser PARSER = new WebhookParser(new IngestLimits(1 << 20, 32, 1000));

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-30T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static String payload(String status, String reason, String... fingerprintStatus) {
        List<String> alerts = new ArrayList<>();
        for (int i = 0; i < fingerprintStatus.length; i += 2) {
            alerts.add("""
                    {"status":"%s","labels":{"alertname":"Down","instance":"i%d"},"annotations":{"summary":"down"},
                     "startsAt":"2026-11-30T01:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"%s"}"""
                    .formatted(fingerprintStatus[i + 1], i, fingerprintStatus[i]));
        }
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"Down\\"}","truncatedAlerts":0,"status":"%s","receiver":"alertgate",
                 "groupLabels":{"alertname":"Down"},"commonLabels":{"alertname":"Down"},"commonAnnotations":{},
                 "externalURL":"http://am.example.test",%s"alerts":[%s]}"""
                .formatted(status, reason.isEmpty() ? "" : "\"notification_reason\":\"" + reason + "\",",
                        String.join(",", alerts));
    }

    static AlertGroup group(String json) throws Exception {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void key_ignoresAlertOrderEndsAtAndAnnotations() throws Exception {
        String ab = payload("firing", "", "aaa", "firing", "bbb", "firing");
        String ba = payload("firing", "", "bbb", "firing", "aaa", "firing");
        String other = ab.replace("\"endsAt\":\"0001-01-01T00:00:00Z\"", "\"endsAt\":\"2026-11-30T03:00:00Z\"")
                .replace("\"summary\":\"down\"", "\"summary\":\"x\"");
        assertEquals(Dedup.key("acme", group(ab)), Dedup.key("acme", group(ba)));
        assertEquals(Dedup.key("acme", group(ab)), Dedup.key("acme", group(other)));
        assertEquals(64, Dedup.key("acme", group(ab)).length());
    }

    @Test
    void key_changesWithAlertState_groupStatus_alerts_reason_tenant_andStartsAt() throws Exception {
        String base = Dedup.key("acme", group(payload("firing", "", "aaa", "firing", "bbb", "firing")));
        List<String> others = List.of(
                Dedup.key("acme", group(payload("firing", "", "aaa", "firing", "bbb", "resolved"))),
                Dedup.key("acme", group(payload("resolved", "", "aaa", "firing", "bbb", "firing"))),
                Dedup.key("acme", group(payload("firing", "", "aaa", "firing"))),
                Dedup.key("acme", group(payload("firing", "", "aaa", "firing", "bbb", "firing", "ccc", "firing"))),
                Dedup.key("acme", group(payload("firing", "repeat interval elapsed", "aaa", "firing", "bbb", "firing"))),
                Dedup.key("globex", group(payload("firing", "", "aaa", "firing", "bbb", "firing"))),
                // a re-fire after a resolve: Prometheus gives it a new startsAt
                Dedup.key("acme", group(payload("firing", "", "aaa", "firing", "bbb", "firing")
                        .replace("2026-11-30T01:00:00Z", "2026-11-30T01:07:00Z"))));
        for (String k : others) assertNotEquals(base, k);
        assertEquals(others.size(), others.stream().distinct().count());
    }

    @Test
    void key_withoutFingerprints_countsAlertsByTheirLabels() throws Exception {
        String one = payload("firing", "", "", "firing");
        String other = one.replace("\"instance\":\"i0\"", "\"instance\":\"i9\"");
        assertNotEquals(Dedup.key("acme", group(one)), Dedup.key("acme", group(other)));
    }

    private static final String CONFIG = """
            tenants:
              acme:
                environments:
                  prod:
                    slack:
                      channels: {default: console}
            """;

    private record Harness(Pipeline pipeline, List<Delivery> enqueued, List<PipelineObserver.PipelineEvent> events) {
        List<Planned> post(String json) throws Exception {
            return pipeline.accept("acme", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "cid");
        }

        long duplicates() {
            return events.stream().filter(e -> e instanceof PipelineObserver.Deduplicated).count();
        }
    }

    private static Harness harness(Clock clock, Dedup dedup, java.util.function.Predicate<Delivery> outbox) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse(CONFIG, null);
        List<Delivery> enqueued = new CopyOnWriteArrayList<>();
        List<PipelineObserver.PipelineEvent> events = new CopyOnWriteArrayList<>();
        Pipeline p = new Pipeline(config, clock, d -> {
            if (!outbox.test(d)) return false;
            enqueued.add(d);
            return true;
        }, RoutingServices.standalone(clock), EscalationHook.NONE, events::add, () -> 0L, PostedMessages.NONE, dedup);
        return new Harness(p, enqueued, events);
    }

    @Test
    void accept_samePayloadTwice_enqueuesOnce_andTellsTheObserver() throws Exception {
        MovingClock clock = new MovingClock();
        Harness h = harness(clock, new Dedup(new InMemoryIdempotencyKeys(clock), TTL), d -> true);
        String json = payload("firing", "", "aaa", "firing");
        assertEquals(1, h.post(json).size());
        assertEquals(List.of(), h.post(json));
        assertEquals(1, h.enqueued().size());
        assertEquals(1, h.duplicates());
        var d = (PipelineObserver.Deduplicated) h.events().stream().filter(e -> e instanceof PipelineObserver.Deduplicated)
                .findFirst().orElseThrow();
        assertEquals(new PipelineObserver.Deduplicated("acme", "{}:{alertname=\"Down\"}", "cid"), d);
    }

    @Test
    void accept_changedStateOrStatus_enqueuesAgain() throws Exception {
        MovingClock clock = new MovingClock();
        Harness h = harness(clock, new Dedup(new InMemoryIdempotencyKeys(clock), TTL), d -> true);
        h.post(payload("firing", "", "aaa", "firing"));
        h.post(payload("firing", "", "aaa", "firing", "bbb", "firing"));
        h.post(payload("firing", "", "aaa", "firing", "bbb", "resolved"));
        h.post(payload("resolved", "", "aaa", "resolved", "bbb", "resolved"));
        assertEquals(4, h.enqueued().size());
        assertEquals(0, h.duplicates());
    }

    @Test
    void accept_afterTheTtl_enqueuesTheSamePayloadAgain() throws Exception {
        MovingClock clock = new MovingClock();
        Harness h = harness(clock, new Dedup(new InMemoryIdempotencyKeys(clock), TTL), d -> true);
        String json = payload("firing", "", "aaa", "firing");
        h.post(json);
        clock.now = clock.now.plus(TTL).minusSeconds(1);
        h.post(json);
        assertEquals(1, h.enqueued().size());
        clock.now = clock.now.plusSeconds(1);
        h.post(json);
        assertEquals(2, h.enqueued().size());
    }

    @Test
    void accept_refusedByTheOutbox_releasesTheKey_soAlertmanagersRetryIsAccepted() throws Exception {
        MovingClock clock = new MovingClock();
        var refuseFirst = new java.util.concurrent.atomic.AtomicBoolean(true);
        Harness h = harness(clock, new Dedup(new InMemoryIdempotencyKeys(clock), TTL), d -> !refuseFirst.getAndSet(false));
        String json = payload("firing", "", "aaa", "firing");
        assertThrows(RejectedException.class, () -> h.post(json));
        assertEquals(1, h.post(json).size());
        assertEquals(1, h.enqueued().size());
        assertEquals(List.of(), h.post(json));
    }

    @Test
    void accept_withTtlZero_neverDeduplicates() throws Exception {
        MovingClock clock = new MovingClock();
        Harness h = harness(clock, new Dedup(new InMemoryIdempotencyKeys(clock), Duration.ZERO), d -> true);
        String json = payload("firing", "", "aaa", "firing");
        h.post(json);
        h.post(json);
        assertEquals(2, h.enqueued().size());
    }

    @Test
    void accept_whenTheKeyStoreFails_letsTheNotificationThrough() throws Exception {
        IdempotencyKeys down = new IdempotencyKeys() {
            @Override
            public boolean claim(String tenant, String key, Duration ttl) {
                throw new StoreException("redis: JedisConnectionException", null);
            }

            @Override
            public void release(String tenant, String key) {
                throw new AssertionError("nothing was claimed");
            }
        };
        Harness h = harness(new MovingClock(), new Dedup(down, TTL), d -> true);
        String json = payload("firing", "", "aaa", "firing");
        h.post(json);
        h.post(json);
        assertEquals(2, h.enqueued().size());
        assertTrue(h.duplicates() == 0);
    }
}
