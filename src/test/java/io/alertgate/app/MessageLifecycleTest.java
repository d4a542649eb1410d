package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The message lifecycle over real HTTP against FakeSlack: a firing group posts; its resolve edits
 * the Web API message (chat.update, same ts) and replies in its thread, while a webhook, which
 * cannot edit, posts a new message; an edit of a message Slack no longer has posts anew.
 */
class MessageLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String FIRING = GatewayHttpTest.VALID;
    private static final String RESOLVED = FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
            .replace("0001-01-01T00:00:00Z", "2026-11-30T02:00:00Z");

    @Test
    void resolve_updatesTheSameTs_andRepliesInItsThread_whileTheWebhookPostsAgain() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); Running g = Running.start(slack)) {
            g.post(FIRING);
            List<FakeSlack.Received> first = slack.awaitMessages(2, WAIT);
            g.awaitDelivered(2);
            FakeSlack.Received parent = only(first, "/api/chat.postMessage");
            String ts = (String) g.sentTs.poll(10, TimeUnit.SECONDS);
            assertTrue(ts != null && !ts.isEmpty(), "chat.postMessage answered a ts");
            assertEquals("#alerts", parent.body().get("channel"));

            g.post(RESOLVED);
            List<FakeSlack.Received> all = slack.awaitMessages(5, WAIT);
            List<FakeSlack.Received> second = all.subList(2, all.size());
            FakeSlack.Received update = only(second, "/api/chat.update");
            assertEquals(ts, update.body().get("ts"), "the original message is edited, not a new one posted");
            String updated = JSON.std.asString(update.body());
            assertTrue(updated.contains("RESOLVED"), updated);
            assertTrue(updated.contains("#2EB67D"), "resolved green: " + updated);
            FakeSlack.Received reply = only(second, "/api/chat.postMessage");
            assertEquals(ts, reply.body().get("thread_ts"), "the resolve is told in the original's thread");
            assertTrue(String.valueOf(reply.body().get("text")).contains("resolved"), reply.body().toString());
            FakeSlack.Received webhook = only(second, FakeSlack.webhookPath("ops"));
            assertTrue(JSON.std.asString(webhook.body()).contains("#2EB67D"), "the webhook gets a new resolved message");
        }
    }

    @Test
    void update_ofAMessageSlackNoLongerHas_postsANewParent() throws Exception {
        try (FakeSlack slack = FakeSlack.start(); Running g = Running.start(slack)) {
            g.post(FIRING);
            slack.awaitMessages(2, WAIT);
            g.awaitDelivered(2);
            String ts = (String) g.sentTs.poll(10, TimeUnit.SECONDS);
            slack.failNext("/api/chat.update", 200, "{\"ok\":false,\"error\":\"message_not_found\"}", Map.of());

            g.post(RESOLVED);
            List<FakeSlack.Received> all = slack.awaitMessages(5, WAIT); // + webhook, new parent, reply (the refused update is not accepted)
            List<FakeSlack.Received> posts = all.subList(2, all.size()).stream()
                    .filter(m -> m.path().equals("/api/chat.postMessage")).toList();
            assertEquals(2, posts.size(), "a new parent and the thread reply: " + posts);
            FakeSlack.Received newParent = posts.stream().filter(m -> !m.body().containsKey("thread_ts")).findFirst()
                    .orElseThrow(() -> new AssertionError("no new parent: " + posts));
            assertTrue(JSON.std.asString(newParent.body()).contains("RESOLVED"), newParent.body().toString());
            assertFalse(slack.received().stream().anyMatch(m -> m.path().equals("/api/chat.update") && m.accepted()),
                    "the refused update was not retried as an update");
            assertTrue(slack.received().stream().anyMatch(m -> m.path().equals("/api/chat.update")
                    && ts != null && ts.equals(m.body().get("ts"))), "the update of the original was tried first");
        }
    }

    private static FakeSlack.Received only(List<FakeSlack.Received> got, String path) {
        List<FakeSlack.Received> matching = got.stream().filter(m -> m.path().equals(path)).toList();
        assertEquals(1, matching.size(), path + " in " + got);
        return matching.getFirst();
    }

    /** A gateway whose channel target is #alerts (Web API) and webhook:ops (incoming webhook). */
    private record Running(Gateway gateway, LinkedBlockingQueue<Object> delivered, LinkedBlockingQueue<Object> sentTs)
            implements AutoCloseable {
        static Running start(FakeSlack slack) throws Exception {
            GatewayConfig config = new ConfigLoader(Map.of("BOT", FakeSlack.TOKEN), SecretDecoder.NONE).parse("""
                    server:
                      listen: 127.0.0.1:0
                      slack_api_url: "%s"
                    tenants:
                      acme:
                        environments:
                          prod:
                            slack:
                              app_config: {bot_token: "${BOT}"}
                              webhooks: {ops: "%s"}
                              channels: {default: "#alerts"}
                              routing_rules:
                                - id: latency
                                  matchers: ['alertname="HighLatency"']
                                  target_channels: ["#alerts", "webhook:ops"]
                    """.formatted(slack.apiBase(), slack.webhookUrl("ops")), null);
            LinkedBlockingQueue<Object> delivered = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Object> sentTs = new LinkedBlockingQueue<>();
            Gateway.Options d = Gateway.Options.defaults();
            // Events arrive after the message reference was remembered (EscalationWiring.rememberMessages).
            Gateway gateway = Gateway.start(config, new Gateway.Options(d.clock(), d.httpClient(), d.console(), e -> {
                if (e instanceof DeliveryEvent.Attempted a && a.result().ok()) {
                    if (!a.result().ts().isEmpty()) sentTs.add(a.result().ts());
                    delivered.add(e);
                }
            }));
            return new Running(gateway, delivered, sentTs);
        }

        void post(String body) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());
        }

        void awaitDelivered(int n) throws InterruptedException {
            for (int i = 0; i < n; i++) {
                if (delivered.poll(10, TimeUnit.SECONDS) == null) throw new AssertionError("only " + i + " delivered");
            }
        }

        @Override
        public void close() {
            gateway.close();
        }
    }
}
