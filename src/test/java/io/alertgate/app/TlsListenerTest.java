package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.delivery.DeliveryListener;
import io.alertgate.slack.FakeSlack;
import io.alertgate.tls.PemFiles;
import io.alertgate.tls.TlsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.tls} with client certificates (mTLS), over real TLS with certificates made by the
 * real {@code openssl}, and the real Alertmanager posting over mTLS.
 */
class TlsListenerTest {
    @TempDir Path dir;
    private Gateway gateway;
    private RealAlertmanager alertmanager;
    private FakeSlack slack;

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) alertmanager.close();
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
    }

    private Gateway start(TestPki pki, String tlsExtra, String slackChannels) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  tls:
                    cert_file: %s
                    key_file: %s
                %s
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                %s
                """.formatted(pki.serverCert, pki.serverKey, tlsExtra.indent(4).stripTrailing(),
                slackChannels.indent(10).stripTrailing()), null);
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        gateway = Gateway.start(config, new Gateway.Options(Clock.systemUTC(), Gateway.defaultHttpClient(), console,
                DeliveryListener.NONE));
        return gateway;
    }

    private static final String CONSOLE = """
            channels:
              default: console
            """;

    /** A TLS client trusting {@code ca}, presenting {@code cert}/{@code key} when given. */
    private static HttpClient client(Path ca, Optional<Path[]> certAndKey) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.certificates(ca).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (certAndKey.isPresent()) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", PemFiles.privateKey(certAndKey.get()[1]), new char[0],
                    PemFiles.certificates(certAndKey.get()[0]).toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpResponse<String> post(HttpClient client, String scheme) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(GatewayHttpTest.VALID)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mtls_clientWithCertificateFromTheCa_isAccepted() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        start(pki, "client_ca_file: " + pki.caCert, CONSOLE);
        HttpResponse<String> r = post(client(pki.caCert, Optional.of(pki.client("am", "/CN=alertmanager"))), "https");
        assertEquals(202, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("X-Request-Id").isPresent());
    }

    @Test
    void mtls_clientWithoutCertificate_isRefusedInTheHandshake() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        start(pki, "client_ca_file: " + pki.caCert, CONSOLE);
        assertThrows(IOException.class, () -> post(client(pki.caCert, Optional.empty()), "https"));
    }

    @Test
    void mtls_clientCertificateFromAnotherCa_isRefusedInTheHandshake() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        TestPki other = TestPki.create(dir.resolve("other"), "someone-else-ca");
        start(pki, "client_ca_file: " + pki.caCert, CONSOLE);
        assertThrows(IOException.class, () -> post(client(pki.caCert, Optional.of(other.client("intruder", "/CN=intruder"))), "https"));
    }

    @Test
    void plainHttp_toTheTlsPort_fails() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        start(pki, "", CONSOLE);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThrows(IOException.class, () -> post(plain, "http"));
        assertEquals(202, post(client(pki.caCert, Optional.empty()), "https").statusCode(), "TLS without client CA: no client certificate needed");
    }

    @Test
    void minVersionTls13_refusesATls12Client() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        start(pki, "min_version: TLSv1.3", CONSOLE);
        HttpClient tls12 = HttpClient.newBuilder().sslContext(sslContextOf(client(pki.caCert, Optional.empty())))
                .sslParameters(new javax.net.ssl.SSLParameters(null, new String[] {"TLSv1.2"})).build();
        assertThrows(IOException.class, () -> post(tls12, "https"));
        assertEquals(202, post(client(pki.caCert, Optional.empty()), "https").statusCode());
    }

    private static SSLContext sslContextOf(HttpClient c) {
        return c.sslContext();
    }

    @Test
    void reload_withANewServerCertificate_servesItToNewConnections() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        TestPki next = TestPki.create(dir.resolve("next"), "next-ca");
        start(pki, "", CONSOLE);
        assertEquals(202, post(client(pki.caCert, Optional.empty()), "https").statusCode());
        Files.copy(next.serverCert, pki.serverCert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.serverKey, pki.serverKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        gateway.reloadTls();
        assertEquals(202, post(client(next.caCert, Optional.empty()), "https").statusCode());
        assertThrows(IOException.class, () -> post(client(pki.caCert, Optional.empty()), "https"));
    }

    @Test
    void configReload_withAKeyThatNoLongerMatches_isRefusedAsAG250_andTheOldCertificateStays() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        Path file = dir.resolve("alertgate.yaml");
        Files.writeString(file, """
                server:
                  listen: 127.0.0.1:0
                  tls: {cert_file: %s, key_file: %s}
                tenants:
                  acme:
                    environments:
                      prod:
                        slack: {channels: {default: console}}
                """.formatted(pki.serverCert, pki.serverKey));
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        gateway = Gateway.start(Gateway.loadConfig(file, Map.of()), new Gateway.Options(Clock.systemUTC(),
                Gateway.defaultHttpClient(), console, DeliveryListener.NONE));
        ConfigReloader reloader = gateway.enableReload(file, Map.of(), false);
        Files.copy(pki.client("am", "/CN=alertmanager")[1], pki.serverKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ConfigReloader.Result result = reloader.reloadNow();
        assertTrue(!result.applied(), result.report().text());
        assertEquals(1, result.report().withCode("AG250").size(), result.report().text());
        assertEquals(202, post(client(pki.caCert, Optional.empty()), "https").statusCode(), "still served with the old key");
    }

    @Test
    void start_withAKeyThatDoesNotMatchTheCertificate_failsNamingTheFile() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        Path[] client = pki.client("am", "/CN=alertmanager");
        Files.copy(client[1], pki.serverKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TlsException e = assertThrows(TlsException.class, () -> start(pki, "", CONSOLE));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("server.key"), e.getMessage());
    }

    @Test
    void tenantWithClientCertSubjects_acceptsOnlyThoseCertificates_with403ForAnotherOfTheSameCa() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        GatewayConfig config = new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  tls: {cert_file: %s, key_file: %s, client_ca_file: %s}
                tenants:
                  acme:
                    environments:
                      prod:
                        auth:
                          client_cert_subjects: ["CN=alertmanager,O=ops"]
                        slack:
                          channels: {default: console}
                """.formatted(pki.serverCert, pki.serverKey, pki.caCert), null);
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        gateway = Gateway.start(config, new Gateway.Options(Clock.systemUTC(), Gateway.defaultHttpClient(), console,
                DeliveryListener.NONE));
        assertEquals(202, post(client(pki.caCert, Optional.of(pki.client("am", "/O=ops/CN=alertmanager"))), "https").statusCode());
        HttpResponse<String> other = post(client(pki.caCert, Optional.of(pki.client("other", "/O=ops/CN=someone-else"))), "https");
        assertEquals(403, other.statusCode(), other.body());
        assertTrue(other.body().contains("client certificate not allowed"), other.body());
    }

    @Test
    void clientCertSubjects_withoutAClientCa_isAConfigError() {
        var e = assertThrows(io.alertgate.config.ConfigException.class, () -> new ConfigLoader(Map.of(), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                tenants:
                  acme:
                    environments:
                      prod:
                        auth: {client_cert_subjects: ["CN=alertmanager"]}
                        slack: {channels: {default: console}}
                """, null));
        assertTrue(e.getMessage().contains("client_ca_file"), e.getMessage());
    }

    @Test
    void realAlertmanager_postsOverMtls_andTheAlertReachesSlack() throws Exception {
        ExternalProgram.require("prometheus-alertmanager", "alertmanager");
        TestPki pki = TestPki.create(dir.resolve("pki"), "alertgate-test-ca");
        Path[] am = pki.client("alertmanager", "/CN=alertmanager");
        slack = FakeSlack.start();
        start(pki, "client_ca_file: " + pki.caCert, """
                webhooks:
                  ops: "%s"
                channels:
                  default: webhook:ops
                """.formatted(slack.webhookUrl("ops")));
        alertmanager = RealAlertmanager.start(dir.resolve("am"), """
                route:
                  receiver: alertgate
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: alertgate
                    webhook_configs:
                      - url: https://127.0.0.1:%d/api/v1/alerts/acme
                        send_resolved: true
                        http_config:
                          tls_config:
                            ca_file: %s
                            cert_file: %s
                            key_file: %s
                """.formatted(gateway.port(), pki.caCert, am[0], am[1]));
        String alerts = JSON.std.asString(List.of(Map.of(
                "labels", Map.of("alertname", "CertCheck", "severity", "warning"),
                "annotations", Map.of("summary", "posted over mutual TLS"),
                "startsAt", Instant.now().minusSeconds(60).toString())));
        alertmanager.postAlerts(alerts);
        List<FakeSlack.Received> got;
        try {
            got = slack.awaitMessages(1, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nalertmanager log:\n" + alertmanager.log(), e);
        }
        String text = JSON.std.asString(got.get(0).body());
        assertTrue(text.contains("CertCheck"), text);
    }
}
