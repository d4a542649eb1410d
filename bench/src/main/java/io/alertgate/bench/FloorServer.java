package io.alertgate.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The load harness's floor: a bare JDK {@code HttpServer} on virtual threads that drains each POST
 * and answers 202, as cheap as an HTTP receiver on this JDK gets. Started as its own process, like
 * the gateway, so that both pay the same loopback and process costs; prints {@code PORT n} when ready.
 */
public final class FloorServer {
    private static final byte[] ACCEPTED = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.US_ASCII);

    private FloorServer() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(202, ACCEPTED.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ACCEPTED);
                }
            }
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
    }
}
