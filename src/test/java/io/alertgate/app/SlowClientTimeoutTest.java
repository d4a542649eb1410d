package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alertgate serve} in its own JVM — the JDK reads its HTTP server limits once per process,
 * so only a fresh process shows what {@code request_timeout_seconds} does: slowloris connections
 * (headers or body never finished) are closed by the server, and valid requests are served meanwhile.
 */
class SlowClientTimeoutTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    /** A bound on waiting for all the closes, not a speed assertion: the timeout is 1 s, checked every second. */
    private static final int CLOSE_WAIT_MILLIS = 30_000;

    @TempDir Path dir;
    private Process server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
        }
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.alertgate.Main", "serve",
                "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // Bounded: a server that never prints its port fails the test instead of hanging the build.
        int port = CompletableFuture.supplyAsync(() -> {
            try {
                return awaitPort(server.getErrorStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);

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

    private int awaitPort(InputStream stderr) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("alertgate serve did not start:\n" + seen);
    }
}
