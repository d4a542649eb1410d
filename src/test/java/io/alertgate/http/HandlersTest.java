package io.alertgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@link Handlers#methods}: whatever a handler does, the client gets an answer. */
class HandlersTest {

    @Test
    void handlerThrowing_isAnswered500Json_notADroppedConnection_andTheNextRequestIsServed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Logger http = Logger.getLogger("io.alertgate.http");
        Level before = http.getLevel();
        http.setLevel(Level.OFF); // the ERROR with its stack trace is expected here
        server.createContext("/boom", Handlers.methods(Set.of("POST"), exchange -> {
            throw new NullPointerException("a payload field was null");
        }));
        server.createContext("/ok", Handlers.methods(Set.of("GET"), exchange -> Json.send(exchange, 200, java.util.Map.of("ok", true))));
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/boom")).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            assertEquals("internal error", JSON.std.mapFrom(r.body()).get("error"));
            assertEquals(200, client.send(HttpRequest.newBuilder(base.resolve("/ok")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.stop(0);
            http.setLevel(before);
        }
    }
}
