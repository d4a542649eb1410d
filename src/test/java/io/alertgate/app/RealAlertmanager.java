package io.alertgate.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the real Alertmanager (Debian's {@code prometheus-alertmanager}) started from a
 * config text on a free loopback port, ready when {@link #start} returns, stopped by {@link #close}.
 * Alone unless the caller passes cluster flags: {@code --cluster.listen-address=} is the default.
 */
final class RealAlertmanager implements AutoCloseable {
    /** How long Alertmanager may take to answer {@code /-/ready} (it starts in well under a second here). */
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final URI uri;
    private final Path log;

    private RealAlertmanager(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts Alertmanager with {@code config} (alertmanager.yml text) in {@code dir}, which also holds
     * its storage and {@code alertmanager.log}; waits until {@code /-/ready} answers 200.
     *
     * @param flags more command-line flags; a {@code --cluster.listen-address=…} replaces the default
     * @throws org.opentest4j.TestAbortedException (skip) when the binary is missing outside CI
     * @throws AssertionError when it exits or is not ready within 30 s (with its log)
     */
    static RealAlertmanager start(Path dir, String config, String... flags) throws Exception {
        Path binary = ExternalProgram.require("prometheus-alertmanager", "alertmanager");
        Files.createDirectories(dir);
        Path configFile = dir.resolve("alertmanager.yml");
        Files.writeString(configFile, config);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
        if (List.of(flags).stream().noneMatch(f -> f.startsWith("--cluster.listen-address="))) {
            command.add("--cluster.listen-address=");
        }
        command.addAll(List.of(flags));
        Path log = dir.resolve("alertmanager.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealAlertmanager am = new RealAlertmanager(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            am.awaitReady();
        } catch (Exception | AssertionError e) {
            am.close();
            throw e;
        }
        return am;
    }

    /** {@code http://127.0.0.1:<port>}, its API base. */
    URI uri() {
        return uri;
    }

    /**
     * Posts alerts to {@code /api/v2/alerts} as Prometheus would.
     *
     * @param alertsJson a JSON array of postable alerts
     * @throws AssertionError unless Alertmanager answers 200
     */
    void postAlerts(String alertsJson) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("Alertmanager refused the alerts: " + r.statusCode() + " " + r.body());
    }

    /** What it logged so far (for failure messages). */
    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                var r = HTTP.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager did not become ready:\n" + log());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
