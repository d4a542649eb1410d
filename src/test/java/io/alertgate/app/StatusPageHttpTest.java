package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.slack.FakeSlack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page's server side over real HTTP: the login that turns the admin token into a
 * session cookie, what that cookie may do, {@code GET /api/v1/destinations}, and the static files.
 */
class StatusPageHttpTest {
    private static final String ADMIN_TOKEN = "status-page-admin-token-0123";
    private static final Duration AWAIT = RunningGateway.AWAIT;

    private final FakeSlack slack;
    private RunningGateway gateway;

    StatusPageHttpTest() throws Exception {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        slack.close();
    }

    private void start(String adminLine) throws Exception {
        start(adminLine, "");
    }

    private void start(String adminLine, String tenantExtra) throws Exception {
        gateway = RunningGateway.start("""
                server:
                  listen: 127.0.0.1:0
                  %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                %s
                """.formatted(adminLine, slack.webhookUrl("ops"), tenantExtra.indent(10).stripTrailing()));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
        return gateway.send(method, path, headers, body);
    }

    private String login() throws Exception {
        HttpResponse<String> r = send("POST", "/ui/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=" + ADMIN_TOKEN);
        assertEquals(303, r.statusCode());
        assertEquals("/ui/", r.headers().firstValue("Location").orElseThrow());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void login_withTheAdminToken_setsAnHttpOnlyStrictCookieThatIsNotTheToken() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        HttpResponse<String> r = send("POST", "/ui/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=" + ADMIN_TOKEN);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("alertgate_session="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains(ADMIN_TOKEN), setCookie);
    }

    @Test
    void login_withAWrongToken_redirectsWithoutACookie() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        HttpResponse<String> r = send("POST", "/ui/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "token=wrong-token-wrong-token");
        assertEquals(303, r.statusCode());
        assertEquals("/ui/?login=failed", r.headers().firstValue("Location").orElseThrow());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void sessionCookie_readsAdminApis_andReplaysOnlyWithTheCsrfHeader() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        String cookie = login();
        slack.failNext(FakeSlack.webhookPath("ops"), 410, "channel_is_archived", Map.of());
        assertEquals(202, send("POST", "/api/v1/alerts/acme", Map.of(), GatewayHttpTest.VALID).statusCode());
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (gateway.gateway().engine().deadLetters().list().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        String id = gateway.gateway().engine().deadLetters().list().get(0).id();

        assertEquals(200, send("GET", "/api/v1/deadletters", Map.of("Cookie", cookie), null).statusCode());
        assertEquals(401, send("POST", "/api/v1/deadletters/" + id + "/replay", Map.of("Cookie", cookie), "").statusCode(),
                "a cookie alone cannot change state: a cross-site form could send it");
        assertEquals(202, send("POST", "/api/v1/deadletters/" + id + "/replay",
                Map.of("Cookie", cookie, "X-Alertgate-Csrf", "1"), "").statusCode());
        assertEquals(FakeSlack.webhookPath("ops"), slack.awaitMessages(1, AWAIT).get(0).path());
    }

    @Test
    void sessionCookie_forgedOrFromBeforeLogin_isRefused() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        assertEquals(401, send("GET", "/api/v1/destinations", Map.of("Cookie", "alertgate_session=AAAA"), null).statusCode());
        login();
        assertEquals(401, send("GET", "/api/v1/destinations", Map.of("Cookie", "alertgate_session=" + ADMIN_TOKEN), null)
                .statusCode());
        assertEquals(401, send("GET", "/api/v1/destinations", Map.of("Cookie", "alertgate_session=%%%"), null).statusCode());
    }

    @Test
    void destinations_listBreakerBucketAndLanes_namesOnly() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        assertEquals(202, send("POST", "/api/v1/alerts/acme", Map.of(), GatewayHttpTest.VALID).statusCode());
        slack.awaitMessages(1, AWAIT);
        HttpResponse<String> r = send("GET", "/api/v1/destinations?tenant=acme",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = JSON.std.mapFrom(r.body());
        assertEquals(1, body.get("count"));
        @SuppressWarnings("unchecked")
        Map<String, Object> d = ((List<Map<String, Object>>) body.get("destinations")).get(0);
        assertEquals("webhook:ops", d.get("destination"));
        assertEquals("CLOSED", d.get("breaker"));
        assertEquals(Map.of("critical", 0, "high", 0, "medium", 0, "low", 0, "info", 0), d.get("lanes"));
        assertEquals(5, ((Map<?, ?>) d.get("bucket")).get("burst"));
        assertFalse(r.body().contains("/services/"), "no webhook URL: " + r.body());
        assertEquals(0, JSON.std.mapFrom(send("GET", "/api/v1/destinations?tenant=other",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null).body()).get("count"));
        assertEquals(401, send("GET", "/api/v1/destinations", Map.of(), null).statusCode());
    }

    @Test
    void page_isServedWithAStrictContentSecurityPolicy_andHoldsNoData() throws Exception {
        start("admin_token: " + ADMIN_TOKEN);
        HttpResponse<String> r = send("GET", "/ui/", Map.of(), null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
        assertTrue(r.body().contains("<label for=\"token\">Admin token</label>"));
        assertEquals(200, send("GET", "/ui/app.js", Map.of(), null).statusCode());
        assertEquals(404, send("GET", "/ui/../pom.xml", Map.of(), null).statusCode());
        assertEquals(303, send("GET", "/ui", Map.of(), null).statusCode());
        assertEquals(405, send("GET", "/ui/login", Map.of(), null).statusCode());
    }

    @Test
    void page_withNoAdminTokenConfigured_answers404() throws Exception {
        start("");
        assertEquals(404, send("GET", "/ui/", Map.of(), null).statusCode());
        assertEquals(404, send("POST", "/ui/login", Map.of(), "token=x").statusCode());
        assertEquals(404, send("GET", "/api/v1/destinations", Map.of(), null).statusCode());
    }

    @Test
    void escalations_listing_carriesLevelStepsAndTheNextStepsTargets_andAcceptsTheCookie() throws Exception {
        start("admin_token: " + ADMIN_TOKEN, """
                escalation:
                  enabled: true
                  levels:
                    - {level: 1, delay_minutes: 5, targets: ["webhook:ops"]}
                    - {level: 2, delay_minutes: 15, targets: ["webhook:ops", "console"]}
                """);
        String critical = GatewayHttpTest.VALID.replace("\"severity\":\"warning\"", "\"severity\":\"critical\"");
        assertEquals(202, send("POST", "/api/v1/alerts/acme", Map.of(), critical).statusCode());
        HttpResponse<String> r = send("GET", "/api/v1/escalations", Map.of("Cookie", login()), null);
        assertEquals(200, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> e = ((List<Map<String, Object>>) JSON.std.mapFrom(r.body()).get("escalations")).get(0);
        assertEquals(0, e.get("level"));
        assertEquals(2, e.get("steps"));
        assertEquals(Map.of("step", 1, "level", 1, "delay_minutes", 5.0, "targets", List.of("webhook:ops")), e.get("next_step"));
    }

    @Test
    void login_withAWrongToken_isAuditedWithoutTheToken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = dir.resolve("audit.log");
        start("admin_token: " + ADMIN_TOKEN + "\n  audit_file: " + log);
        send("POST", "/ui/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=wrong-" + ADMIN_TOKEN);
        login();
        String all = java.nio.file.Files.readString(log);
        assertTrue(all.contains("\"action\":\"auth.failure\"") && all.contains("\"path\":\"/ui/login\""), all);
        assertFalse(all.contains(ADMIN_TOKEN), all);
    }
}
