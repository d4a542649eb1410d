package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryEvent;
import io.alertgate.http.SlackSignature;
import io.alertgate.slack.FakeSlack;
import io.alertgate.slack.LifecycleMessages;
import io.alertgate.store.RedisServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The message lifecycle on acknowledge, over real HTTP against FakeSlack: a signed Slack interaction
 * (or the API) edits the group's original Web API message — ACKNOWLEDGED, purple, who as
 * {@code <@U…>}, how long, no Acknowledge button — and replies in its thread, per the rule's
 * {@code message_mode}; the webhook gets a new message; an edit of a deleted message posts a new
 * parent that later edits follow.
 */
class AckLifecycleGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** Slack's documented example signing secret (shared/corpus/slack/signature-example.json). */
    private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String FIRING = EscalationGatewayTest.CRITICAL;
    private static final String RESOLVED = FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
            .replace("0001-01-01T00:00:00Z", "2026-11-30T02:30:00Z");
    private static final String UPDATE = "/api/chat.update";
    private static final String POST = "/api/chat.postMessage";

    private final EscalationGatewayTest.TestClock clock = new EscalationGatewayTest.TestClock();
    private final LinkedBlockingQueue<DeliveryEvent.Attempted> delivered = new LinkedBlockingQueue<>();
    private final List<DeliveryEvent.Attempted> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FakeSlack slack;
    private RedisServer redis;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
        if (redis != null) redis.close();
    }

    /** #alerts (Web API, rule {@code latency} with {@code mode}) and webhook:ops; level 1 only after an hour. */
    private void start(String mode, boolean onRedis) throws Exception {
        start(mode, onRedis, 0);
    }

    private void start(String mode, boolean onRedis, int ackExpiryMinutes) throws Exception {
        slack = FakeSlack.start();
        String redisSection = "";
        if (onRedis) {
            redis = RedisServer.start();
            redisSection = "redis:\n  url: \"" + redis.url() + "\"\n";
        }
        GatewayConfig config = config(mode, redisSection, ackExpiryMinutes);
        gateway = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out, e -> {
            // Told after the (channel, ts) of a successful post was remembered.
            if (e instanceof DeliveryEvent.Attempted a && a.result().ok()) {
                seen.add(a);
                delivered.add(a);
            }
        }));
    }

    private GatewayConfig config(String mode, String redisSection, int ackExpiryMinutes) throws Exception {
        return new ConfigLoader(Map.of("BOT", FakeSlack.TOKEN), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  slack_api_url: "%s"
                  admin_token: "%s"
                %stenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config: {bot_token: "${BOT}", signing_secret: "%s"}
                          webhooks: {ops: "%s"}
                          channels: {default: "#alerts"}
                          routing_rules:
                            - id: latency
                              matchers: ['alertname="HighLatency"']
                              target_channels: ["#alerts", "webhook:ops"]
                %s
                          escalation:
                            enabled: true
                            levels: [{level: 1, delay_minutes: 60, targets: ["#oncall"]}]
                            ack_expiry_minutes: %d
                """.formatted(slack.apiBase(), ADMIN_TOKEN, redisSection, SIGNING_SECRET, slack.webhookUrl("ops"),
                mode.isEmpty() ? "" : "              message_mode: \"" + mode + "\"", ackExpiryMinutes), null);
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the firing group; waits until both its messages were delivered and remembered; the #alerts post. */
    private FakeSlack.Received fire() throws Exception {
        assertEquals(202, post("/api/v1/alerts/acme", FIRING, Map.of()).statusCode());
        for (int i = 0; i < 2; i++) {
            if (delivered.poll(AWAIT.toSeconds(), TimeUnit.SECONDS) == null) fail("the firing messages were not delivered");
        }
        List<FakeSlack.Received> first = slack.awaitMessages(2, AWAIT);
        return first.stream().filter(m -> m.path().equals(POST)).findFirst().orElseThrow();
    }

    /** A {@code block_actions} payload signed as Slack signs it (v0, HMAC-SHA256 with the signing secret). */
    private HttpResponse<String> pressAcknowledge(String escalationId, String userId) throws Exception {
        String payload = JSON.std.asString(Map.of("type", "block_actions",
                "user", Map.of("id", userId, "username", "<!channel> alice"),
                "actions", List.of(Map.of("action_id", "alertgate_ack", "value", escalationId))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String ts = Long.toString(clock.now.getEpochSecond());
        String sig = "v0=" + SlackSignature.hmacHex(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), ts,
                body.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post("/slack/interactions", body, Map.of("X-Slack-Request-Timestamp", ts,
                "X-Slack-Signature", sig, "Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("acknowledged", JSON.std.mapFrom(r.body()).get("result"));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static String ackButtonValue(FakeSlack.Received m) {
        for (Object b : (List<Object>) m.body().getOrDefault("blocks", List.of())) {
            Map<String, Object> block = (Map<String, Object>) b;
            if (!"actions".equals(block.get("type"))) continue;
            for (Object e : (List<Object>) block.get("elements")) {
                Map<String, Object> el = (Map<String, Object>) e;
                if ("alertgate_ack".equals(el.get("action_id"))) return (String) el.get("value");
            }
        }
        return "";
    }

    private static List<FakeSlack.Received> after(List<FakeSlack.Received> all, int skip, String path) {
        return all.subList(skip, all.size()).stream().filter(m -> m.path().equals(path)).toList();
    }

    private static String json(FakeSlack.Received m) throws Exception {
        return JSON.std.asString(m.body());
    }

    @Test
    void slackAcknowledge_updatesTheOriginalWithWhoAndHowLong_repliesInItsThread_andTheWebhookGetsANewMessage()
            throws Exception {
        start("", false);
        FakeSlack.Received parent = fire();
        String id = ackButtonValue(parent);
        assertTrue(id.startsWith("acme."), parent.body().toString());
        clock.now = clock.now.plus(Duration.ofMinutes(7));
        pressAcknowledge(id, "U0ALICE");

        List<FakeSlack.Received> all = slack.awaitMessages(5, AWAIT);
        FakeSlack.Received update = after(all, 2, UPDATE).getFirst();
        String ts = (String) parent.body().get("ts");
        assertEquals(null, ts, "a post carries no ts; the update names the answered one");
        String updated = json(update);
        assertTrue(updated.contains("ACKNOWLEDGED* by <@U0ALICE> 7 min after the first notification"), updated);
        assertTrue(updated.contains(LifecycleMessages.COLOR_ACKNOWLEDGED), "acknowledged colour: " + updated);
        assertFalse(updated.contains("alertgate_ack"), "the Acknowledge button is gone: " + updated);
        assertFalse(updated.contains("<!channel>"), "the user's name is never put in the message: " + updated);
        assertTrue(updated.contains("HighLatency"), "the original's content stays: " + updated);

        List<FakeSlack.Received> posts = after(all, 2, POST);
        assertEquals(1, posts.size(), posts.toString());
        FakeSlack.Received reply = posts.getFirst();
        assertEquals(update.body().get("ts"), reply.body().get("thread_ts"), "the reply is in the original's thread");
        assertEquals(update.body().get("channel"), reply.body().get("channel"));
        assertTrue(json(reply).contains("<@U0ALICE>"), json(reply));
        FakeSlack.Received webhook = after(all, 2, FakeSlack.webhookPath("ops")).getFirst();
        assertTrue(json(webhook).contains("ACKNOWLEDGED"), "the webhook, which cannot edit, gets a new message");

        typecheck(List.of(update.body()), List.of(reply.body()), List.of(webhook.body()));
    }

    @Test
    void apiAcknowledge_onRedis_updatesTheOriginal_namingTheApiCaller() throws Exception {
        start("", true);
        String id = ackButtonValue(fire());
        HttpResponse<String> r = post("/api/v1/escalations/" + id + "/ack", "{\"by\":\"bob <!here>\"}",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), r.body());
        List<FakeSlack.Received> all = slack.awaitMessages(5, AWAIT);
        String updated = json(after(all, 2, UPDATE).getFirst());
        assertTrue(updated.contains("by the API (bob &lt;!here&gt;)"), "escaped, never a mention: " + updated);
        assertEquals(1, after(all, 2, POST).size());
    }

    @Test
    void ackExpiry_onRedis_reArmsTheStillFiringGroup_andLevel1FiresAgain() throws Exception {
        start("", true, 30);
        String id = ackButtonValue(fire());
        pressAcknowledge(id, "U0ALICE");
        slack.awaitMessages(5, AWAIT); // update, reply, webhook
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        List<FakeSlack.Received> all = slack.awaitMessages(6, AWAIT);
        FakeSlack.Received step = all.get(5);
        assertEquals("#oncall", step.body().get("channel"), all.toString());
        assertTrue(String.valueOf(step.body().get("text")).contains("Escalation level 1"), step.body().toString());
        assertEquals(id, ackButtonValue(step), "the re-armed escalation can be acknowledged again");
        pressAcknowledge(id, "U0BOB");
    }

    @Test
    void modeThread_acknowledgeAndResolve_onlyReplyInTheThread() throws Exception {
        start("thread", false);
        String id = ackButtonValue(fire());
        pressAcknowledge(id, "U0ALICE");
        slack.awaitMessages(4, AWAIT); // reply + webhook
        assertEquals(202, post("/api/v1/alerts/acme", RESOLVED, Map.of()).statusCode());
        List<FakeSlack.Received> all = slack.awaitMessages(6, AWAIT); // reply + webhook
        assertEquals(List.of(), after(all, 0, UPDATE), "thread mode never edits");
        List<FakeSlack.Received> posts = after(all, 2, POST);
        assertEquals(2, posts.size(), posts.toString());
        assertTrue(posts.stream().allMatch(m -> m.body().containsKey("thread_ts")), posts.toString());
    }

    @Test
    void reloadToModeUpdate_afterTheGroupPosted_acknowledgeEditsTheOriginalAndRepliesNothing() throws Exception {
        start("thread", false);
        String id = ackButtonValue(fire());
        gateway.swap(config("update", "", 0)); // what POST /-/reload swaps in once the file validates
        pressAcknowledge(id, "U0ALICE");
        List<FakeSlack.Received> all = slack.awaitMessages(4, AWAIT); // update + webhook
        assertEquals(List.of(), after(all, 2, POST), "the reloaded update mode posts no thread reply");
        List<FakeSlack.Received> updates = after(all, 0, UPDATE);
        assertEquals(1, updates.size(), all.toString());
        assertTrue(json(updates.get(0)).contains("ACKNOWLEDGED"));
    }

    @Test
    void modeUpdate_acknowledgeAndResolve_onlyEditTheOriginal() throws Exception {
        start("update", false);
        String id = ackButtonValue(fire());
        pressAcknowledge(id, "U0ALICE");
        slack.awaitMessages(4, AWAIT); // update + webhook
        assertEquals(202, post("/api/v1/alerts/acme", RESOLVED, Map.of()).statusCode());
        List<FakeSlack.Received> all = slack.awaitMessages(6, AWAIT); // update + webhook
        assertEquals(List.of(), after(all, 2, POST), "update mode posts nothing to the channel");
        List<FakeSlack.Received> updates = after(all, 0, UPDATE);
        assertEquals(2, updates.size());
        assertTrue(json(updates.get(0)).contains("ACKNOWLEDGED"));
        assertTrue(json(updates.get(1)).contains("RESOLVED"));
    }

    @Test
    void modeNew_acknowledgeAndResolve_postNewMessages() throws Exception {
        start("new", false);
        String id = ackButtonValue(fire());
        pressAcknowledge(id, "U0ALICE");
        slack.awaitMessages(4, AWAIT); // new post + webhook
        assertEquals(202, post("/api/v1/alerts/acme", RESOLVED, Map.of()).statusCode());
        List<FakeSlack.Received> all = slack.awaitMessages(6, AWAIT);
        assertEquals(List.of(), after(all, 0, UPDATE), "new mode never edits");
        List<FakeSlack.Received> posts = after(all, 2, POST);
        assertEquals(2, posts.size(), posts.toString());
        assertTrue(posts.stream().noneMatch(m -> m.body().containsKey("thread_ts")), posts.toString());
        assertTrue(json(posts.get(0)).contains("<@U0ALICE>"));
    }

    @Test
    void acknowledge_ofADeletedMessage_postsANewParent_whichTheResolveThenEdits() throws Exception {
        start("", false);
        FakeSlack.Received parent = fire();
        // The remembered (channel, ts) of the #alerts post: its delivery event carries Slack's answer.
        DeliveryEvent.Attempted posted = seen.stream().filter(a -> !a.result().ts().isEmpty()).findFirst().orElseThrow();
        String channel = posted.result().channel();
        String ts = posted.result().ts();
        slack.deleteMessage(channel, ts);
        pressAcknowledge(ackButtonValue(parent), "U0ALICE");
        List<FakeSlack.Received> all = slack.awaitMessages(5, AWAIT); // new parent, reply, webhook
        List<FakeSlack.Received> refused = slack.received().stream()
                .filter(m -> m.path().equals(UPDATE) && !m.accepted()).toList();
        assertEquals(1, refused.size(), "the update was tried and refused: " + slack.received());
        assertEquals(ts, refused.getFirst().body().get("ts"));
        FakeSlack.Received newParent = after(all, 2, POST).stream().filter(m -> !m.body().containsKey("thread_ts"))
                .findFirst().orElseThrow(() -> new AssertionError("no new parent: " + all));
        assertTrue(json(newParent).contains("ACKNOWLEDGED"), json(newParent));
        assertFalse(json(newParent).contains("alertgate_ack"));

        // Wait until the new parent was remembered, then resolve: the edit goes to the new parent.
        String newTs = null;
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (newTs == null && System.nanoTime() < deadline) {
            DeliveryEvent.Attempted a = delivered.poll(1, TimeUnit.SECONDS);
            if (a != null && a.delivery().destination() instanceof io.alertgate.slack.Destination.Followup f
                    && f.action() == io.alertgate.slack.Destination.Followup.Action.UPDATE) {
                newTs = a.result().ts();
            }
        }
        assertTrue(newTs != null && !newTs.equals(ts), "the ack's update answered with the new parent's ts");
        assertEquals(202, post("/api/v1/alerts/acme", RESOLVED, Map.of()).statusCode());
        List<FakeSlack.Received> later = slack.awaitMessages(8, AWAIT);
        FakeSlack.Received resolvedEdit = after(later, 5, UPDATE).getFirst();
        assertEquals(newTs, resolvedEdit.body().get("ts"), "re-linked to the new parent");
    }

    /** Slack's own types (shared/tools/slack-typecheck): chat.update bodies, checked as chat.postMessage content. */
    private static void typecheck(List<Map<String, Object>> updates, List<Map<String, Object>> replies,
            List<Map<String, Object>> webhooks) throws Exception {
        boolean node = System.getenv("PATH") != null && java.util.Arrays.stream(
                System.getenv("PATH").split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, "node")));
        if (!node && "true".equals(System.getenv("CI"))) fail("node is not on PATH, and CI=true requires slack-typecheck");
        Assumptions.assumeTrue(node, "node is not on PATH: slack-typecheck skipped");
        List<Map<String, Object>> api = new ArrayList<>(replies);
        for (Map<String, Object> u : updates) {
            // The tool knows chat.postMessage; chat.update takes the same content plus ts (no thread_ts).
            Map<String, Object> content = new LinkedHashMap<>(u);
            assertTrue(content.remove("ts") instanceof String, "chat.update names the message's ts");
            assertFalse(content.containsKey("thread_ts"));
            api.add(content);
        }
        assertEquals("", check(write("target/ack-api-bodies.json", api), "--api"), "chat.update / reply bodies");
        assertEquals("", check(write("target/ack-webhook-bodies.json", webhooks)), "webhook bodies");
    }

    private static Path write(String file, List<Map<String, Object>> bodies) throws Exception {
        Path path = Path.of(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, JSON.std.asString(bodies), StandardCharsets.UTF_8);
        return path;
    }

    private static String check(Path file, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>();
        String shared = System.getenv("ALERTGATE_SHARED");
        cmd.add(Path.of(shared != null ? shared : "../shared", "tools", "slack-typecheck", "check").toString());
        cmd.addAll(List.of(flags));
        cmd.add(file.toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("slack-typecheck did not finish in 5 minutes");
        }
        return p.exitValue() == 0 ? "" : out;
    }
}
