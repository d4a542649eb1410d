package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alertgate serve} in its own JVM — the JDK reads its HTTP server limits once per process,
 * so only a fresh process shows what {@code request_timeout_seconds} does: slowloris connections
 * (headers or body never finished) are closed by the server, and valid requests are served meanwhile.
 */
class SlowClientTimeoutTest {
    /** A bound on waiting for all the closes, not a speed assertion: the timeout is 1 s, checked every second. */
    private static final int CLOSE_WAIT_MILLIS = 30_000;

    @TempDir Path dir;
    private ServeProcess server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        if (server != null) server.close();
    }

    @Test
    void slowlorisConnections_areClosedAfterTheRequestTimeout_whileValidRequestsAreServed() throws Exception {
        Path config = dir.resolve("alertgate.yaml");
        Files.writeString(config, """
                server:
                  listen: 127.0.0.1:0
                  request_timeout_seconds: 1
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          channels: {default: console}
                """);
        server = ServeProcess.start(config);
        int port = server.port();

        for (int i = 0; i < 200; i++) {
            Socket s = new Socket("127.0.0.1", port);
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            String partial = i % 2 == 0
                    ? "POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nX-Slow: "
                    : "POST /api/v1/alerts/acme HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{";
            out.write(partial.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(GatewayHttpTest.VALID)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());

        int closed = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (Socket s : sockets) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) break;
            s.setSoTimeout((int) left);
            if (closedByServer(s.getInputStream())) closed++;
        }
        assertEquals(200, closed, "every slow connection was closed by the server");
    }

    /** Reads until the server closes (EOF or reset); any answer bytes before that are skipped. */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // an error answer before the close is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
