package io.alertgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.alertgate.escalation.Escalations;
import io.alertgate.silence.SilenceRequest;
import io.alertgate.silence.SilenceResult;
import io.alertgate.store.EscalationRecord;
import io.alertgate.store.EscalationStore;
import io.alertgate.store.InMemoryStateStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Silence button's refusals that the gateway tests do not reach: an escalation kept without labels
 * (written before labels were kept) and an unreadable escalation store. The Alertmanager here is a
 * recording {@link io.alertgate.silence.Silencer}: the point is that it is never called.
 */
class SlackSilenceRefusalTest {
    private static final byte[] SECRET = "8f742231b10e8888abcd99yyyzzz85a5".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<SilenceRequest> silenced = new CopyOnWriteArrayList<>();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private URI start(EscalationStore store) throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Escalations escalations = new Escalations(store, Map.of(), (e, step, level) -> true, clock, () -> "0000000000000001");
        EscalationAccess access = new EscalationAccess(escalations, List.of(new EscalationAccess.SigningKey("acme", SECRET)),
                clock, Map.of("acme", request -> {
                    silenced.add(request);
                    return new SilenceResult.Created("s-1");
                }), (action, fields) -> audited.add(action + " " + fields));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(SlackInteractionsHandler.PATH, Handlers.methods(Set.of("POST"),
                new SlackInteractionsHandler(() -> Optional.of(access))));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SlackInteractionsHandler.PATH);
    }

    private static HttpResponse<String> press(URI uri, String value) throws Exception {
        String payload = JSON.std.asString(Map.of("type", "block_actions", "user", Map.of("id", "U0ALICE"),
                "actions", List.of(Map.of("action_id", "alertgate_silence_4h", "value", value))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", "v0=" + SlackSignature.hmacHex(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void silence_ofAnEscalationKeptWithoutLabels_isRefused_evenWhenTheOldButtonNamesMatchers() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        store.createIfAbsent(new EscalationRecord("acme.00ff", "acme", "{}:{alertname=\"X\"}", "X", "ACTIVE", 0,
                NOW.toEpochMilli(), "", 0, "critical"), NOW.plus(Duration.ofMinutes(5)).toEpochMilli());
        URI uri = start(store);
        HttpResponse<String> r = press(uri, "{\"id\":\"acme.00ff\",\"matchers\":{\"alertname\":\"Anything\"}}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no_labels", JSON.std.mapFrom(r.body()).get("result"));
        assertEquals(List.of(), silenced);
        assertTrue(audited.stream().anyMatch(a -> a.startsWith("slack.silence.refused") && a.contains("no_labels")), audited.toString());
    }

    @Test
    void silence_whileTheEscalationStoreIsUnreachable_is503WithRetryAfter_andSilencesNothing() throws Exception {
        EscalationStore down = (EscalationStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EscalationStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("redis down");
                });
        URI uri = start(down);
        HttpResponse<String> r = press(uri, "{\"id\":\"acme.00ff\"}");
        assertEquals(503, r.statusCode(), r.body());
        assertFalse(r.headers().firstValue("Retry-After").isEmpty());
        assertEquals(List.of(), silenced);
    }
}
