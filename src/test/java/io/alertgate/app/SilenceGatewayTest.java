package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.http.SlackSignature;
import io.alertgate.slack.FakeSlack;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Silence buttons inside a running gateway: a signed interaction creates a silence in the REAL
 * Alertmanager (Debian's {@code prometheus-alertmanager}) and acknowledges the escalation; an
 * unreachable Alertmanager reaches the presser through {@code response_url} and the escalation goes on.
 */
class SilenceGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Duration AWAIT = Duration.ofSeconds(20);
    /** A critical group whose common labels are alertname, service and severity. */
    static final String CRITICAL = """
            {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0,"status":"firing",
             "receiver":"alertgate","groupLabels":{"alertname":"DiskFull"},
             "commonLabels":{"alertname":"DiskFull","service":"db","severity":"critical"},
             "commonAnnotations":{},"externalURL":"http://am.example.test",
             "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","service":"db","severity":"critical","instance":"db-1"},
               "annotations":{"summary":"disk 95% full"},"startsAt":"2026-11-30T01:00:00Z",
               "endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"f00d"}]}
            """;

    @TempDir Path dir;
    private final EscalationGatewayTest.TestClock clock = new EscalationGatewayTest.TestClock();
    private FakeSlack slack;
    private Gateway gateway;
    private RealAlertmanager alertmanager;
    private HttpServer responses;
    private final BlockingQueue<Map<String, Object>> responseBodies = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) alertmanager.close();
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
        if (responses != null) responses.stop(0);
    }

    /** Starts the fake Slack, the response_url receiver and a gateway whose tenant's alertmanager.url is {@code am}. */
    private void start(URI am) throws Exception {
        start(am, true);
    }

    /**
     * As above; {@code localResponses} sets {@code server.slack_response_url_prefix} to the local
     * receiver, else the default (Slack's hooks host) refuses it.
     */
    private void start(URI am, boolean localResponses) throws Exception {
        clock.now = Instant.now();
        slack = FakeSlack.start();
        responses = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responses.createContext("/actions/T1/1/abc", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                responseBodies.add(JSON.std.mapFrom(in.readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        responses.start();
        Path audit = dir.resolve("audit.log");
        GatewayConfig config = new ConfigLoader(Map.of("BOT", FakeSlack.TOKEN), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  slack_api_url: "%s"
                  admin_token: "%s"
                  audit_file: "%s"
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        alertmanager: {url: "%s", timeout_ms: 2000}
                        slack:
                          app_config: {bot_token: "${BOT}", signing_secret: "%s"}
                          channels: {default: "#alerts"}
                          escalation:
                            enabled: true
                            levels: [{level: 1, delay_minutes: 5, targets: ["#oncall"]}]
                """.formatted(slack.apiBase(), ADMIN_TOKEN, audit,
                localResponses ? "  slack_response_url_prefix: \"http://127.0.0.1:" + responses.getAddress().getPort() + "/actions/\"" : "",
                am, SIGNING_SECRET), null);
        gateway = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out, e -> {}));
    }

    private URI responseUrl() {
        return URI.create("http://127.0.0.1:" + responses.getAddress().getPort() + "/actions/T1/1/abc");
    }

    /** Posts the critical group and returns the Silence 1h button's value from its Slack message. */
    @SuppressWarnings("unchecked")
    private String silenceValue(String actionId) throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(CRITICAL)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        FakeSlack.Received m = slack.awaitMessages(1, AWAIT).get(0);
        for (Object b : (List<Object>) m.body().get("blocks")) {
            Map<String, Object> block = (Map<String, Object>) b;
            if (!"actions".equals(block.get("type"))) continue;
            for (Object e : (List<Object>) block.get("elements")) {
                Map<String, Object> el = (Map<String, Object>) e;
                if (actionId.equals(el.get("action_id"))) return (String) el.get("value");
            }
        }
        throw new AssertionError("no " + actionId + " button in " + m.body());
    }

    private HttpResponse<String> press(String actionId, String value, String secret) throws Exception {
        String payload = JSON.std.asString(Map.of("type", "block_actions",
                "user", Map.of("id", "U0ALICE", "username", "alice"),
                "response_url", responseUrl().toString(),
                "actions", List.of(Map.of("action_id", actionId, "value", value))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String ts = Long.toString(clock.now.getEpochSecond());
        String sig = "v0=" + SlackSignature.hmacHex(secret.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/slack/interactions"))
                .header("X-Slack-Request-Timestamp", ts).header("X-Slack-Signature", sig)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(AWAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The only unfinished escalation's listing entry ({@code state}, {@code step}, …). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> onlyEscalation() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/escalations"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        List<Object> all = (List<Object>) JSON.std.mapFrom(r.body()).get("escalations");
        assertEquals(1, all.size(), r.body());
        return (Map<String, Object>) all.get(0);
    }

    private int unfinishedEscalations() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/escalations"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return ((Number) JSON.std.mapFrom(r.body()).get("count")).intValue();
    }

    private String responseText() throws InterruptedException {
        Map<String, Object> body = responseBodies.poll(AWAIT.toSeconds(), TimeUnit.SECONDS);
        if (body == null) throw new AssertionError("nothing reached the response_url");
        assertEquals("ephemeral", body.get("response_type"));
        return (String) body.get("text");
    }

    @Test
    @SuppressWarnings("unchecked")
    void silence1h_signedPress_createsAnActiveSilenceInTheRealAlertmanager_andAcknowledges() throws Exception {
        URI am = startAlertmanager();
        start(am);
        String value = silenceValue("alertgate_silence_1h");
        assertEquals(1, unfinishedEscalations());

        assertEquals(401, press("alertgate_silence_1h", value, "wrong-secret-0000000000000000").statusCode());
        assertEquals(List.of(), silences(am), "a wrongly signed press creates no silence");

        Instant pressed = clock.now;
        HttpResponse<String> ok = press("alertgate_silence_1h", value, SIGNING_SECRET);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("silencing", JSON.std.mapFrom(ok.body()).get("result"));
        String text = responseText();
        assertTrue(text.contains("Silenced for 1h"), text);
        assertTrue(text.contains("escalation is acknowledged"), text);

        List<Map<String, Object>> silences = silences(am);
        assertEquals(1, silences.size(), silences.toString());
        Map<String, Object> s = silences.get(0);
        assertEquals("active", ((Map<String, Object>) s.get("status")).get("state"));
        assertEquals(List.of(
                Map.of("name", "alertname", "value", "DiskFull", "isRegex", false, "isEqual", true),
                Map.of("name", "service", "value", "db", "isRegex", false, "isEqual", true),
                Map.of("name", "severity", "value", "critical", "isRegex", false, "isEqual", true)),
                ((List<Map<String, Object>>) s.get("matchers")).stream()
                        .sorted(java.util.Comparator.comparing(m -> (String) m.get("name"))).toList());
        Duration ends = Duration.between(pressed, Instant.parse((String) s.get("endsAt")));
        assertTrue(ends.compareTo(Duration.ofMinutes(59)) > 0 && ends.compareTo(Duration.ofMinutes(61)) < 0, ends.toString());
        assertTrue(((String) s.get("createdBy")).contains("alice"), s.toString());
        String comment = (String) s.get("comment");
        assertTrue(comment.contains("alertgate") && comment.contains("{}:{alertname=\"DiskFull\"}"), comment);
        assertTrue(text.contains((String) s.get("id")), "the user is told the silence id: " + text);

        assertEquals("ACKNOWLEDGED", onlyEscalation().get("state"), "the silence acknowledged the escalation");
        assertEquals(pressed.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), onlyEscalation().get("ack_until"),
                "the listing says until when");
        String audit = Files.readString(dir.resolve("audit.log"));
        assertTrue(audit.contains("slack.silence") && audit.contains((String) s.get("id")), audit);
        assertTrue(!audit.contains(SIGNING_SECRET), "no secret in the audit");

        // The acknowledgement lasts as long as the silence; then the escalation starts over (level 1 after its delay).
        clock.now = pressed.plus(Duration.ofMinutes(59));
        Thread.sleep(2 * io.alertgate.escalation.Escalations.POLL_INTERVAL.toMillis());
        assertEquals("ACKNOWLEDGED", onlyEscalation().get("state"), "still acknowledged a minute before the silence ends");
        clock.now = pressed.plus(Duration.ofHours(1));
        RunningGateway.eventually(() -> "ACTIVE".equals(onlyEscalation().get("state")));
        assertEquals(0, ((Number) onlyEscalation().get("step")).intValue(), "re-armed, level 1 not yet fired");
        assertEquals(null, onlyEscalation().get("ack_until"));
        clock.now = pressed.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5));
        RunningGateway.eventually(() -> ((Number) onlyEscalation().get("step")).intValue() == 1);
    }

    @Test
    void silence_withAnUnreachableAlertmanager_tellsTheUserThroughResponseUrl_andTheEscalationContinues() throws Exception {
        start(URI.create("http://127.0.0.1:" + freePort()));
        String value = silenceValue("alertgate_silence_4h");
        HttpResponse<String> r = press("alertgate_silence_4h", value, SIGNING_SECRET);
        assertEquals(200, r.statusCode(), r.body());
        String text = responseText();
        assertTrue(text.contains("did not create the silence") && text.contains("unreachable"), text);
        assertTrue(text.contains("escalation continues"), text);
        assertEquals(1, unfinishedEscalations());

        clock.now = clock.now.plus(Duration.ofMinutes(5));
        List<FakeSlack.Received> two = slack.awaitMessages(2, AWAIT);
        assertEquals("#oncall", two.get(1).body().get("channel"));
        assertTrue(((String) two.get(1).body().get("text")).contains("Escalation level 1"), two.get(1).body().toString());
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("slack.silence.failure"));
    }

    @Test
    void silence_whileAlertmanagerHangs_isAnsweredBeforeAlertmanagerAnswers() throws Exception {
        var entered = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        HttpServer slowAm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowAm.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        slowAm.createContext("/api/v2/silences", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                entered.countDown();
                release.await();
                byte[] b = "{\"silenceID\":\"slow-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, b.length);
                exchange.getResponseBody().write(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slowAm.start();
        try {
            start(URI.create("http://127.0.0.1:" + slowAm.getAddress().getPort()));
            String value = silenceValue("alertgate_silence_1h");
            // Alertmanager cannot answer before release: a press held by it would time out (HttpTimeoutException).
            HttpResponse<String> r = press("alertgate_silence_1h", value, SIGNING_SECRET);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(entered.await(AWAIT.toSeconds(), TimeUnit.SECONDS), "the gateway called Alertmanager");
            assertEquals(1, unfinishedEscalations(), "not acknowledged before the silence exists");
            release.countDown();
            assertTrue(responseText().contains("silence `slow-1`"));
            assertEquals("ACKNOWLEDGED", onlyEscalation().get("state"));
        } finally {
            release.countDown();
            slowAm.stop(0);
        }
    }

    @Test
    void silence_withAResponseUrlOutsideSlack_stillSilencesAndAcknowledges_butPostsNothingThere() throws Exception {
        URI am = startAlertmanager();
        java.util.logging.Logger http = java.util.logging.Logger.getLogger("io.alertgate.http");
        BlockingQueue<java.util.logging.LogRecord> warnings = new LinkedBlockingQueue<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) warnings.add(r);
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        http.addHandler(capture);
        try {
            start(am, false);  // the default prefix: only https://hooks.slack.com/
            HttpResponse<String> ok = press("alertgate_silence_4h", silenceValue("alertgate_silence_4h"), SIGNING_SECRET);
            assertEquals(200, ok.statusCode(), ok.body());

            java.util.logging.LogRecord warning = warnings.poll(AWAIT.toSeconds(), TimeUnit.SECONDS);
            if (warning == null) throw new AssertionError("no WARN about the refused response_url");
            String logged = java.text.MessageFormat.format(warning.getMessage(), warning.getParameters());
            assertTrue(logged.contains("response_url") && logged.contains("127.0.0.1"), logged);
            assertTrue(!logged.contains("/actions/T1/1/abc"), "the response_url's path is a capability, never logged: " + logged);

            Path auditFile = dir.resolve("audit.log");
            RunningGateway.eventually(() -> Files.exists(auditFile) && Files.readString(auditFile).contains("slack.silence"));
            List<Map<String, Object>> silences = silences(am);
            assertEquals(1, silences.size(), "the silence is created all the same: " + silences);
            String audit = Files.readString(auditFile);
            assertTrue(audit.contains("slack.silence") && audit.contains("acknowledged"), audit);
            assertTrue(responseBodies.isEmpty(), "nothing posted to a response_url outside Slack: " + responseBodies);
        } finally {
            http.removeHandler(capture);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void escalationStep_offersTheSameSilenceButtons_asTheGroupsMessage() throws Exception {
        start(URI.create("http://127.0.0.1:" + freePort()));
        String first = silenceValue("alertgate_silence_4h");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        FakeSlack.Received step = slack.awaitMessages(2, AWAIT).stream()
                .filter(m -> "#oncall".equals(m.body().get("channel"))).findFirst().orElseThrow();
        assertTrue(((String) step.body().get("text")).contains("Escalation level 1"), step.body().toString());
        List<String> actions = new java.util.ArrayList<>();
        String stepValue = null;
        for (Object b : (List<Object>) step.body().get("blocks")) {
            Map<String, Object> block = (Map<String, Object>) b;
            if (!"actions".equals(block.get("type"))) continue;
            for (Object e : (List<Object>) block.get("elements")) {
                Map<String, Object> el = (Map<String, Object>) e;
                actions.add((String) el.get("action_id"));
                if ("alertgate_silence_4h".equals(el.get("action_id"))) stepValue = (String) el.get("value");
            }
        }
        assertEquals(List.of("alertgate_ack", "alertgate_silence_1h", "alertgate_silence_4h"), actions);
        assertEquals(JSON.std.mapFrom(first), JSON.std.mapFrom(stepValue), "the step silences what the first message would");
    }

    @Test
    void silence_ofAnotherTenantsEscalation_isRefused403() throws Exception {
        start(URI.create("http://127.0.0.1:" + freePort()));
        String forged = io.alertgate.slack.EscalationMessages.silenceValue("other.0123456789abcdef");
        assertEquals(403, press("alertgate_silence_1h", forged, SIGNING_SECRET).statusCode());
        assertTrue(responseBodies.isEmpty());
    }

    @Test
    void malformedButtonValues_areRefused400_atPayloadActionsValue_notAs403() throws Exception {
        start(URI.create("http://127.0.0.1:" + freePort()));
        for (String[] press : List.of(new String[] {"alertgate_ack", "garbage"}, new String[] {"alertgate_ack", ".x"},
                new String[] {"alertgate_silence_1h", "garbage"}, new String[] {"alertgate_silence_4h", "{\"id\":\"nodot\",\"matchers\":{\"a\":\"b\"}}"})) {
            HttpResponse<String> r = press(press[0], press[1], SIGNING_SECRET);
            assertEquals(400, r.statusCode(), press[0] + " " + press[1] + ": " + r.body());
            assertEquals("payload.actions[0].value", JSON.std.mapFrom(r.body()).get("path"), r.body());
        }
        assertTrue(responseBodies.isEmpty());
    }

    @Test
    void silence_ofAnUnknownEscalation_isRefused_andSilencesNothing_evenWithMatchersInTheButton() throws Exception {
        URI am = startAlertmanager();
        start(am);
        HttpResponse<String> r = press("alertgate_silence_4h",
                "{\"id\":\"acme.0000000000000000\",\"matchers\":{\"alertname\":\"Anything\"}}", SIGNING_SECRET);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("not_found", JSON.std.mapFrom(r.body()).get("result"), "as Acknowledge answers an unknown id");
        String text = responseText();
        assertTrue(text.contains("nothing was silenced"), text);
        assertEquals(List.of(), silences(am), "a signed button cannot name what to silence");
        String audit = Files.readString(dir.resolve("audit.log"));
        assertTrue(audit.contains("slack.silence.refused") && audit.contains("not_found"), audit);
    }

    @Test
    @SuppressWarnings("unchecked")
    void oldButtonWithOtherMatchers_silencesTheEscalationsStoredLabels_notTheButtons() throws Exception {
        URI am = startAlertmanager();
        start(am);
        String id = (String) JSON.std.mapFrom(silenceValue("alertgate_silence_1h")).get("id");
        HttpResponse<String> r = press("alertgate_silence_1h",
                JSON.std.asString(Map.of("id", id, "matchers", Map.of("alertname", "Anything"))), SIGNING_SECRET);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("silencing", JSON.std.mapFrom(r.body()).get("result"));
        assertTrue(responseText().contains("Silenced for 1h"));
        List<Map<String, Object>> silences = silences(am);
        assertEquals(1, silences.size(), silences.toString());
        assertEquals(List.of("alertname=DiskFull", "service=db", "severity=critical"),
                ((List<Map<String, Object>>) silences.get(0).get("matchers")).stream()
                        .map(m -> m.get("name") + "=" + m.get("value")).sorted().toList());
    }

    @Test
    void silence_ofAResolvedEscalation_isRefused_andSilencesNothing() throws Exception {
        URI am = startAlertmanager();
        start(am);
        String value = silenceValue("alertgate_silence_1h");
        String resolved = CRITICAL.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                .replace("\"endsAt\":\"0001-01-01T00:00:00Z\"", "\"endsAt\":\"2026-11-30T01:30:00Z\"");
        var posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(resolved)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, posted.statusCode(), posted.body());
        RunningGateway.eventually(() -> unfinishedEscalations() == 0);

        HttpResponse<String> r = press("alertgate_silence_1h", value, SIGNING_SECRET);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("already_ended", JSON.std.mapFrom(r.body()).get("result"));
        assertTrue(responseText().contains("resolved"));
        assertEquals(List.of(), silences(am));
    }

    @Test
    void malformedPayloads_areEach400WithAPath_andTheNextRequestIsStillServed() throws Exception {
        start(URI.create("http://127.0.0.1:" + freePort()));
        String ack = "{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"alertgate_ack\",\"value\":%s}]}";
        String silence = "{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"alertgate_silence_1h\",\"value\":%s}]}";
        String[][] table = {
                {"null", "payload"}, {"[]", "payload"}, {"1", "payload"}, {"\"x\"", "payload"}, {"{", "payload"},
                {"{}", "payload.type"}, {"{\"type\":null}", "payload.type"}, {"{\"type\":1}", "payload.type"},
                {"{\"type\":\"block_actions\"}", "payload.actions"},
                {"{\"type\":\"block_actions\",\"actions\":null}", "payload.actions"},
                {"{\"type\":\"block_actions\",\"actions\":{}}", "payload.actions"},
                {"{\"type\":\"block_actions\",\"actions\":[null]}", "payload.actions[0]"},
                {"{\"type\":\"block_actions\",\"actions\":[\"alertgate_ack\"]}", "payload.actions[0]"},
                {"{\"type\":\"block_actions\",\"actions\":[{\"action_id\":null}]}", "payload.actions[0].action_id"},
                {"{\"type\":\"block_actions\",\"actions\":[{\"action_id\":7}]}", "payload.actions[0].action_id"},
                {ack.formatted("null"), "payload.actions[0].value"}, {ack.formatted("7"), "payload.actions[0].value"},
                {ack.formatted("{}"), "payload.actions[0].value"}, {ack.formatted("\"\""), "payload.actions[0].value"},
                {"{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"alertgate_ack\"}]}", "payload.actions[0].value"},
                {silence.formatted("null"), "payload.actions[0].value"},
                {silence.formatted("\"null\""), "payload.actions[0].value"},
                {silence.formatted("\"[]\""), "payload.actions[0].value"},
                {silence.formatted("\"{}\""), "payload.actions[0].value"},
                {silence.formatted("\"{\\\"id\\\":null}\""), "payload.actions[0].value"},
                {silence.formatted("\"{\\\"id\\\":7}\""), "payload.actions[0].value"},
                {"{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"other\",\"value\":\"x\"},"
                        + "{\"action_id\":\"alertgate_ack\",\"value\":null}]}", "payload.actions[1].value"},
                {"{\"type\":\"block_actions\",\"user\":null,\"actions\":[]}", "payload.user"},
                {"{\"type\":\"block_actions\",\"user\":\"U1\",\"actions\":[]}", "payload.user"},
                {"{\"type\":\"block_actions\",\"response_url\":7,\"actions\":[]}", "payload.response_url"},
        };
        for (String[] row : table) {
            HttpResponse<String> r = pressRaw("payload=" + URLEncoder.encode(row[0], StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), row[0] + ": " + r.body());
            assertEquals(row[1], JSON.std.mapFrom(r.body()).get("path"), row[0] + ": " + r.body());
        }
        assertEquals("payload", JSON.std.mapFrom(pressRaw("other=1").body()).get("path"), "no payload field");
        HttpResponse<String> ignored = pressRaw("payload=" + URLEncoder.encode(
                "{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"other\",\"value\":null}]}", StandardCharsets.UTF_8));
        assertEquals(200, ignored.statusCode(), "another app's action is still ignored: " + ignored.body());
        HttpResponse<String> ok = press("alertgate_ack", "acme.0000000000000000", SIGNING_SECRET);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("not_found", JSON.std.mapFrom(ok.body()).get("result"));
    }

    /** A correctly signed form body, as is. */
    private HttpResponse<String> pressRaw(String body) throws Exception {
        String ts = Long.toString(clock.now.getEpochSecond());
        String sig = "v0=" + SlackSignature.hmacHex(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), ts, body.getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/slack/interactions"))
                .header("X-Slack-Request-Timestamp", ts).header("X-Slack-Signature", sig)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(AWAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The real Alertmanager with a route to nowhere: the tests only create silences in it. */
    private URI startAlertmanager() throws Exception {
        alertmanager = RealAlertmanager.start(dir.resolve("am"), """
                route:
                  receiver: blackhole
                receivers:
                  - name: blackhole
                """);
        return alertmanager.uri();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> silences(URI am) throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(am.resolve("/api/v2/silences")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) (List<?>) JSON.std.listFrom(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
