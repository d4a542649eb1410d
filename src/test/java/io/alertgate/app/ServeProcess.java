package io.alertgate.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: {@code alertgate serve --config F} in its own JVM (this test run's classpath), for
 * what only a fresh process shows — JVM-wide listener settings, {@code kill -9}. {@link #start}
 * returns once the gateway logged the port it listens on.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    /** A bound on waiting for the start, not a speed assertion. */
    private static final long START_WITHIN_SECONDS = 60;

    private final Process process;
    private final int port;

    private ServeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the gateway on {@code config} (which must listen on {@code 127.0.0.1:0}).
     *
     * @throws AssertionError (with what it logged) when it exits before listening
     * @throws java.util.concurrent.TimeoutException when it does not listen within 60 s
     */
    static ServeProcess start(Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.alertgate.Main", "serve",
                "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // Bounded: a server that never prints its port fails the test instead of hanging the build.
            int port = CompletableFuture.supplyAsync(() -> {
                try {
                    return readPort(p.getErrorStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(START_WITHIN_SECONDS, TimeUnit.SECONDS);
            return new ServeProcess(p, port);
        } catch (Exception | AssertionError e) {
            p.destroyForcibly().waitFor();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** {@code kill -9}: no drain, no shutdown hook. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Reads log lines until the listening line, then keeps draining them so the process never blocks on a full pipe. */
    private static int readPort(InputStream stderr) throws IOException {
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

    /** SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
