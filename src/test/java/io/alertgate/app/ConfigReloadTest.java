package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload through {@code POST /-/reload} on a running gateway: a valid file is swapped in, an
 * invalid one is refused with its report while the old config keeps serving, and under a continuous
 * stream of webhooks no accepted notification is lost across 20 reloads.
 */
class ConfigReloadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "reload-admin-token-0123456789";
    private static final String GROUP = """
            {"version":"4","groupKey":"{}:{alertname=\\"Reload%d\\"}","status":"firing","receiver":"r",
             "groupLabels":{"alertname":"Reload%d"},"commonLabels":{"alertname":"Reload%d"},"commonAnnotations":{},
             "externalURL":"http://am","alerts":[{"status":"firing","labels":{"alertname":"Reload%d"},"annotations":{},
             "startsAt":"2026-03-14T12:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"f%d"}]}
            """;

    @TempDir
    Path dir;

    /** A config sending everything to webhook {@code target} (a or b); {@code broken} adds an error. */
    private static String config(FakeSlack slack, String target, String broken) {
        return """
                server:
                  listen: 127.0.0.1:0
                  admin_token: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks: {a: "%s", b: "%s"}
                          channels: {default: "%s"}
                          rate_limiting: {enabled: false}
                          storm_digest: {enabled: false}
                %s
                """.formatted(ADMIN_TOKEN, slack.webhookUrl("a"), slack.webhookUrl("b"), "webhook:" + target,
                broken.indent(10).stripTrailing());
    }

    private static HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Gateway start(Path file) throws Exception {
        Gateway g = Gateway.start(Gateway.loadConfig(file, Map.of()), Gateway.Options.defaults());
        g.enableReload(file, Map.of(), false);
        return g;
    }

    @Test
    void reload_validFile_swapsAndInvalidFile_isRefusedWithItsReport() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Path file = dir.resolve("alertgate.yaml");
            Files.writeString(file, config(slack, "a", ""));
            try (Gateway g = start(file)) {
                assertEquals(401, post(g.port(), "/-/reload", null, "").statusCode());
                assertEquals(401, post(g.port(), "/-/reload", "wrong-token-wrong-token", "").statusCode());

                Files.writeString(file, config(slack, "b", ""));
                HttpResponse<String> ok = post(g.port(), "/-/reload", ADMIN_TOKEN, "");
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("reloaded", JSON.std.mapFrom(ok.body()).get("status"));
                assertEquals("webhook:b", g.config().tenant("acme").orElseThrow().defaultTarget().spec());

                Files.writeString(file, config(slack, "nope", ""));
                HttpResponse<String> bad = post(g.port(), "/-/reload", ADMIN_TOKEN, "");
                assertEquals(422, bad.statusCode(), bad.body());
                Map<String, Object> answer = JSON.std.mapFrom(bad.body());
                assertEquals("tenants.acme.environments.prod.slack.channels.default", answer.get("path"));
                assertTrue(bad.body().contains("AG104"), bad.body());
                assertFalse(bad.body().contains(slack.webhookUrl("a")), "no webhook URL in an answer");
                assertEquals("webhook:b", g.config().tenant("acme").orElseThrow().defaultTarget().spec(), "old config serves");

                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("alertgate_config_last_reload_successful 0.0"), metrics);
                assertTrue(metrics.contains("alertgate_config_last_reload_success_timestamp_seconds "), metrics);
            }
        }
    }

    @Test
    void reload_twentyTimesHalfInvalid_underContinuousWebhooks_losesNothing() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Path file = dir.resolve("alertgate.yaml");
            Files.writeString(file, config(slack, "a", ""));
            try (Gateway g = start(file)) {
                AtomicBoolean posting = new AtomicBoolean(true);
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                Thread poster = Thread.ofVirtual().start(() -> {
                    for (int i = 0; posting.get(); i++) {
                        try {
                            int status = post(g.port(), "/api/v1/alerts/acme", null, GROUP.formatted(i, i, i, i, i)).statusCode();
                            if (status == 202) accepted.incrementAndGet();
                            else refused.incrementAndGet();
                        } catch (Exception e) {
                            refused.incrementAndGet();
                        }
                    }
                });
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    boolean valid = i % 2 == 0;
                    String broken = i % 4 == 1 ? "templates: {t: \"{{#open}}never closed\"}" : "routing_rule: []";
                    Files.writeString(file, config(slack, i % 4 == 0 ? "b" : "a", valid ? "" : broken));
                    statuses.add(post(g.port(), "/-/reload", ADMIN_TOKEN, "").statusCode());
                    // Let some webhooks through under each config.
                    int seen = accepted.get();
                    while (accepted.get() < seen + 3 && refused.get() == 0) Thread.sleep(1);
                }
                posting.set(false);
                poster.join();
                assertEquals(List.of(200, 422, 200, 422, 200, 422, 200, 422, 200, 422,
                        200, 422, 200, 422, 200, 422, 200, 422, 200, 422), statuses);
                assertEquals(0, refused.get(), "every webhook was accepted");
                List<FakeSlack.Received> got = slack.awaitMessages(accepted.get(), Duration.ofSeconds(30));
                assertEquals(accepted.get(), got.size(), "each accepted notification reached Slack exactly once");
                assertTrue(got.stream().anyMatch(r -> r.path().equals(FakeSlack.webhookPath("a"))));
                assertTrue(got.stream().anyMatch(r -> r.path().equals(FakeSlack.webhookPath("b"))));
            }
        }
    }

    @Test
    void reload_newBearerToken_appliesToTheNextWebhook() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            Path file = dir.resolve("alertgate.yaml");
            String withToken = config(slack, "a", "").replace("\n        slack:\n",
                    "\n        auth: {bearer_token: \"TOKEN\"}\n        slack:\n");
            assertTrue(withToken.contains("auth:"), withToken);
            Files.writeString(file, withToken.replace("TOKEN", "first-token-0123456789"));
            try (Gateway g = start(file)) {
                String body = GROUP.formatted(1, 1, 1, 1, 1);
                assertEquals(202, post(g.port(), "/api/v1/alerts/acme", "first-token-0123456789", body).statusCode());
                Files.writeString(file, withToken.replace("TOKEN", "second-token-0123456789"));
                assertEquals(200, post(g.port(), "/-/reload", ADMIN_TOKEN, "").statusCode());
                assertEquals(401, post(g.port(), "/api/v1/alerts/acme", "first-token-0123456789", body).statusCode());
                assertEquals(202, post(g.port(), "/api/v1/alerts/acme", "second-token-0123456789", body).statusCode());
            }
        }
    }
}
