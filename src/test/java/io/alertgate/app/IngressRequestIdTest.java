package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every answer the gateway itself produces carries {@code X-Request-Id}: refusals by auth, rate and overload too. */
class IngressRequestIdTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "s3cret-bearer-token-0123456789";
    static final String ADMIN = "admin-token-0123456789abcdef";

    @TempDir Path dir;
    private Gateway gateway;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        if (gateway != null) gateway.close();
    }

    static Gateway startGateway(Path dir, String serverExtra, String authBlock) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of("AUTH_TOKEN", TOKEN, "ADMIN", ADMIN), SecretDecoder.NONE).parse("""
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
        return Gateway.start(config, new Gateway.Options(Clock.systemUTC(), Gateway.defaultHttpClient(), console,
                DeliveryListener.NONE));
    }

    private HttpResponse<String> send(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        if (body != null) b.POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertHasRequestId(HttpResponse<String> r) {
        String id = r.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(id.matches("[A-Za-z0-9._:-]{1,128}"), r.statusCode() + " " + r.uri() + " without X-Request-Id: " + r.headers().map());
    }

    @Test
    void authRefusals401And403_carryTheCallersRequestId() throws Exception {
        gateway = startGateway(dir, "admin_token: \"${ADMIN}\"", """
                auth:
                  bearer_token: "${AUTH_TOKEN}"
                """);
        HttpResponse<String> unauthenticated = send("/api/v1/alerts/acme", GatewayHttpTest.VALID, "X-Request-Id", "am-retry-42");
        assertEquals(401, unauthenticated.statusCode());
        assertEquals("am-retry-42", unauthenticated.headers().firstValue("X-Request-Id").orElseThrow());
        HttpResponse<String> admin = send("/api/v1/deadletters", null);
        assertEquals(401, admin.statusCode());
        assertHasRequestId(admin);
        stop();
        gateway = startGateway(dir, "", """
                auth:
                  allowed_cidrs: ["10.0.0.0/8"]
                """);
        HttpResponse<String> refused = send("/api/v1/alerts/acme", GatewayHttpTest.VALID);
        assertEquals(403, refused.statusCode());
        assertHasRequestId(refused);
    }

    @Test
    void rateLimit429_probes_andNotFound_carryARequestId() throws Exception {
        gateway = startGateway(dir, "source_rate_limit: {requests_per_second: 0.01, burst: 1}", "");
        assertEquals(202, send("/api/v1/alerts/acme", GatewayHttpTest.VALID).statusCode());
        HttpResponse<String> limited = send("/api/v1/alerts/acme", GatewayHttpTest.VALID);
        assertEquals(429, limited.statusCode());
        assertHasRequestId(limited);
        HttpResponse<String> healthz = send("/healthz", null);
        assertEquals(200, healthz.statusCode());
        assertHasRequestId(healthz);
        assertHasRequestId(send("/readyz", null));
    }

    @Test
    void overload503_carriesARequestId() throws Exception {
        gateway = startGateway(dir, "max_concurrent_requests: 2\nmax_body_bytes: 65536", "");
        HttpResponse<String> r = null;
        String padded = GatewayHttpTest.VALID + " ".repeat(4096);
        // two unfinished 64 KiB bodies hold the body budget (see IngressSecurityTest)
        try (SlowBodies slow = new SlowBodies(gateway.port(), 2, 65536)) {
            for (int attempt = 0; attempt < 1000; attempt++) { // until both slow requests reserved their bytes (bounded)
                r = send("/api/v1/alerts/acme", padded);
                if (r.statusCode() == 503) break;
                if (attempt % 100 == 99) slow.reopen(); // one of them may have lost a race with a probe
                Thread.sleep(10);
            }
        }
        assertEquals(503, r.statusCode(), r.body());
        assertHasRequestId(r);
    }
}
