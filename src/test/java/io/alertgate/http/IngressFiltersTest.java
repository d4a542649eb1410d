package io.alertgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admission filter's handler permits, and X-Forwarded-For parsing, in isolation. */
class IngressFiltersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void concurrencyLimit_withAllPermitsHeld_answers503AtOnce_thenAdmitsAgain() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var ctx = server.createContext("/", exchange -> {
            try (exchange) {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ctx.getFilters().add(new IngressFilters.ConcurrencyLimit(2, 1024));
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpRequest post = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            List<CompletableFuture<HttpResponse<String>>> held = List.of(
                    HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString()),
                    HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
            entered.await(30, TimeUnit.SECONDS);
            HttpResponse<String> refused = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            release.countDown();
            for (var f : held) assertEquals(204, f.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(204, HTTP.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void resolve_readsForwardedForFromTheRight_skippingTrustedProxies() throws Exception {
        InetAddress proxy = InetAddress.getByName("192.168.1.1");
        InetAddress inner = InetAddress.getByName("192.168.1.2");
        java.util.function.Predicate<InetAddress> trusted = a -> a.equals(proxy) || a.equals(inner);
        assertEquals(InetAddress.getByName("10.9.8.7"),
                ClientAddress.resolve(proxy, List.of("1.1.1.1, 10.9.8.7, 192.168.1.2"), trusted));
        assertEquals(InetAddress.getByName("2001:db8::5"),
                ClientAddress.resolve(proxy, List.of("[2001:db8::5]"), trusted));
        // A garbled or host-name hop stops the walk: nothing left of it is believed.
        assertEquals(inner, ClientAddress.resolve(proxy, List.of("10.9.8.7, evil.example, 192.168.1.2"), trusted));
        // An untrusted peer's header is ignored.
        InetAddress stranger = InetAddress.getByName("203.0.113.9");
        assertEquals(stranger, ClientAddress.resolve(stranger, List.of("10.9.8.7"), trusted));
    }
}
