package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryListener;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbound auth, address allowlists, per-source limits, the concurrency cap and slow clients, over real HTTP. */
class IngressSecurityTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "s3cret-bearer-token-0123456789";
    private static final String PASSWORD = "basic-pa55word-never-logged";

    @TempDir Path dir;
    private Gateway gateway;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        if (gateway != null) gateway.close();
    }

    private Gateway start(String serverExtra, String authBlock) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of("AUTH_TOKEN", TOKEN, "AUTH_PASSWORD", PASSWORD),
                SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  audit_file: %s
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                %s
                        slack:
                          channels:
                            default: console
                """.formatted(dir.resolve("audit.log"), serverExtra.indent(2).stripTrailing(),
                authBlock.indent(8).stripTrailing()), null);
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        gateway = Gateway.start(config, new Gateway.Options(Clock.systemUTC(), Gateway.defaultHttpClient(), console,
                DeliveryListener.NONE));
        return gateway;
    }

    private static final String BOTH = """
            auth:
              bearer_token: "${AUTH_TOKEN}"
              basic: {username: alertmanager, password: "${AUTH_PASSWORD}"}
            """;

    private HttpResponse<String> post(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(GatewayHttpTest.VALID));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void webhook_withRightBearerOrBasic_isAccepted() throws Exception {
        start("", BOTH);
        assertEquals(202, post("Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(202, post("Authorization", basic("alertmanager", PASSWORD)).statusCode());
    }

    @Test
    void webhook_withoutOrWithWrongCredentials_gets401WithChallenges() throws Exception {
        start("", BOTH);
        for (HttpResponse<String> r : List.of(post(), post("Authorization", "Bearer " + TOKEN + "x"),
                post("Authorization", basic("alertmanager", "nope")), post("Authorization", basic("other", PASSWORD)),
                post("Authorization", "Digest abc"))) {
            assertEquals(401, r.statusCode(), r.body());
            List<String> challenges = r.headers().allValues("WWW-Authenticate");
            assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Bearer")), challenges.toString());
            assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic")), challenges.toString());
            assertTrue(r.body().contains("\"error\""), r.body());
            assertTrue(r.body().contains("\"path\":\"Authorization\""), "names the header: " + r.body());
        }
    }

    @Test
    void webhook_fromAddressOutsideAllowedCidrs_gets403() throws Exception {
        start("", """
                auth:
                  allowed_cidrs: ["10.0.0.0/8", "2001:db8::/32"]
                """);
        HttpResponse<String> r = post();
        assertEquals(403, r.statusCode(), r.body());
    }

    @Test
    void forwardedFor_isBelievedOnlyFromTrustedProxies() throws Exception {
        start("trusted_proxies: [\"127.0.0.1/32\"]", """
                auth:
                  allowed_cidrs: ["10.0.0.0/8"]
                """);
        assertEquals(202, post("X-Forwarded-For", "10.1.2.3").statusCode());
        // The client's own left part is ignored: the hop next to the proxy decides.
        assertEquals(403, post("X-Forwarded-For", "10.1.2.3, 192.0.2.7").statusCode());
        assertEquals(403, post().statusCode());
    }

    @Test
    void forwardedFor_fromUntrustedPeer_isIgnored() throws Exception {
        start("", """
                auth:
                  allowed_cidrs: ["10.0.0.0/8"]
                """);
        assertEquals(403, post("X-Forwarded-For", "10.1.2.3").statusCode());
    }

    @Test
    void flood_fromOneAddress_gets429WithRetryAfter() throws Exception {
        start("source_rate_limit: {requests_per_second: 0.01, burst: 3}", "");
        for (int i = 0; i < 3; i++) assertEquals(202, post().statusCode());
        HttpResponse<String> r = post();
        assertEquals(429, r.statusCode());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
    }

    @Test
    void authFailures_areAudited_withoutTheCredential_andTheChainVerifies() throws Exception {
        start("", BOTH);
        post("Authorization", "Bearer wrong-" + TOKEN);
        post("Authorization", basic("alertmanager", PASSWORD + "-typo"));
        assertEquals(202, post("Authorization", "Bearer " + TOKEN).statusCode());
        List<String> lines = Files.readAllLines(dir.resolve("audit.log"));
        String all = String.join("\n", lines);
        assertTrue(all.contains("\"action\":\"config.load\""), all);
        assertTrue(all.contains("\"action\":\"auth.failure\""), all);
        assertTrue(all.contains("\"reason\":\"wrong bearer token\""), all);
        assertTrue(all.contains("\"source\":\"127.0.0.1\""), all);
        assertTrue(all.contains("\"tenant\":\"acme\""), all);
        assertFalse(all.contains(TOKEN), all);
        assertFalse(all.contains(PASSWORD), all);
        assertTrue(AuditLog.verify(lines).isEmpty(), AuditLog.verify(lines).toString());
    }

    @Test
    void declaredBodyOverTheLimit_gets413AtOnce_withoutSendingIt() throws Exception {
        start("max_body_bytes: 65536", "");
        try (Socket s = new Socket("127.0.0.1", gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", head);
        }
    }

    @Test
    void unauthenticatedSlowBodies_reserveNoBudget_soAuthorisedWebhooksAreServed() throws Exception {
        start("max_concurrent_requests: 2\nmax_body_bytes: 65536", BOTH);
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket("127.0.0.1", gateway.port());
            sockets.add(s);
            s.getOutputStream().write(("POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        assertEquals(202, post("Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void requestsBeyondTheBodyBudget_get503WithRetryAfter() throws Exception {
        start("max_concurrent_requests: 2\nmax_body_bytes: 65536", "");
        // Two unfinished bodies declaring the largest allowed size (64 KiB) reserve 128 of the
        // 130 KiB budget (2 × the limit, rounded up); a 4 KiB webhook then does not fit. A declared
        // size over the limit would get 413 at once and reserve nothing.
        HttpResponse<String> r = null;
        String padded = GatewayHttpTest.VALID + " ".repeat(4096);
        try (SlowBodies slow = new SlowBodies(gateway.port(), 2, 65536)) {
            for (int attempt = 0; attempt < 1000; attempt++) { // until both slow requests reserved their bytes (bounded: 10 s)
                r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                        .POST(HttpRequest.BodyPublishers.ofString(padded)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 503) break;
                if (attempt % 100 == 99) slow.reopen(); // one of them may have lost a race with a probe
                Thread.sleep(10);
            }
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
        }
        int status = 0;
        for (int attempt = 0; attempt < 200 && status != 202; attempt++) { // permits come back once the sockets close
            status = post().statusCode();
            if (status != 202) Thread.sleep(10);
        }
        assertEquals(202, status);
    }

    @Test
    void twoHundredSlowlorisConnections_doNotStopValidRequests() throws Exception {
        start("", "");
        for (int i = 0; i < 200; i++) {
            Socket s = new Socket("127.0.0.1", gateway.port());
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            // Half never finish their headers; half never finish a small body (holding only its 5 KiB of budget).
            String partial = i % 2 == 0
                    ? "POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nX-Slow: "
                    : "POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{";
            out.write(partial.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        for (int i = 0; i < 5; i++) assertEquals(202, post().statusCode());
        // Still open from our side: the server is not closing them early either (timeouts are 30 s).
        InputStream in = sockets.get(0).getInputStream();
        assertEquals(0, in.available());
    }
}
