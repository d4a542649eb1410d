package io.alertgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A loopback Slack incoming webhook without rate limit: drains each POST and answers 200 {@code ok},
 * one virtual thread per request. Counts what it received and tells a listener the body, so the
 * load harness can time a notification end to end.
 */
final class FakeSlack implements AutoCloseable {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong received = new AtomicLong();
    private final Consumer<byte[]> listener;

    private FakeSlack(Consumer<byte[]> listener) throws IOException {
        this.listener = listener;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeSlack start() throws IOException {
        return new FakeSlack(null);
    }

    /** @param listener called on the request thread with each received body */
    static FakeSlack start(Consumer<byte[]> listener) throws IOException {
        return new FakeSlack(listener);
    }

    /** The webhook URL to configure as a destination. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0/B0/bench";
    }

    long received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            received.incrementAndGet();
            if (listener != null) listener.accept(body);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(OK);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
