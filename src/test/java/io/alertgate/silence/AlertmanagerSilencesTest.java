package io.alertgate.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.alertgate.secrets.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API v2 client against a local HTTP server that answers like Alertmanager (the real one: SilenceGatewayTest). */
class AlertmanagerSilencesTest {
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final SilenceRequest REQUEST = new SilenceRequest(Map.of("alertname", "DiskFull"), NOW, NOW.plusSeconds(3600),
            "alice", "alertgate: test");

    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private URI answering(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prefix/api/v2/silences", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                body.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                byte[] b = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, b.length);
                exchange.getResponseBody().write(b);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prefix/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void silence_accepted_returnsTheSilenceId_andSendsEqualityMatchersAndTheBearerToken() throws Exception {
        var client = new AlertmanagerSilences(answering(200, "{\"silenceID\":\"7d0c\"}"), Duration.ofSeconds(2),
                Optional.of(Secret.of("am-token")), Optional.empty(), Optional.empty());
        assertEquals(new SilenceResult.Created("7d0c"), client.silence(REQUEST));
        assertEquals("Bearer am-token", authorization.get());
        Map<String, Object> sent = JSON.std.mapFrom(body.get());
        assertEquals(List.of(Map.of("name", "alertname", "value", "DiskFull", "isRegex", false, "isEqual", true)),
                sent.get("matchers"));
        assertEquals("2026-11-30T10:00:00Z", sent.get("startsAt"));
        assertEquals("2026-11-30T11:00:00Z", sent.get("endsAt"));
        assertEquals("alice", sent.get("createdBy"));
    }

    @Test
    void silence_refused400_isRefusedWithAlertmanagersText() throws Exception {
        var client = new AlertmanagerSilences(answering(400, "\"silence invalid: start time must be before end time\"\n"),
                Duration.ofSeconds(2), Optional.empty(), Optional.of("ops"), Optional.of(Secret.of("pw")));
        SilenceResult.Failed f = (SilenceResult.Failed) client.silence(REQUEST);
        assertEquals(SilenceResult.Reason.REFUSED, f.reason());
        assertEquals(400, f.status());
        assertTrue(f.detail().contains("start time must be before end time"), f.detail());
        assertTrue(authorization.get().startsWith("Basic "), authorization.get());
    }

    @Test
    void silence_401_isAuth_andNeverShowsTheCredential() throws Exception {
        var client = new AlertmanagerSilences(answering(401, "Unauthorized"), Duration.ofSeconds(2),
                Optional.of(Secret.of("very-secret-token")), Optional.empty(), Optional.empty());
        SilenceResult r = client.silence(REQUEST);
        assertEquals(SilenceResult.Reason.AUTH, ((SilenceResult.Failed) r).reason());
        assertFalse(r.toString().contains("very-secret-token"));
        assertFalse(client.toString().contains("very-secret-token"));
    }

    @Test
    void silence_500_isServerError() throws Exception {
        var client = new AlertmanagerSilences(answering(503, "down"), Duration.ofSeconds(2), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals(SilenceResult.Reason.SERVER_ERROR, ((SilenceResult.Failed) client.silence(REQUEST)).reason());
    }

    @Test
    void silence_nobodyListening_isUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var client = new AlertmanagerSilences(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals(SilenceResult.Reason.UNREACHABLE, ((SilenceResult.Failed) client.silence(REQUEST)).reason());
    }

    @Test
    void request_withoutMatchers_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SilenceRequest(Map.of(), NOW, NOW.plusSeconds(60), "a", "c"));
    }
}
