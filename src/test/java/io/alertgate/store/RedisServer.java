package io.alertgate.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free port, no persistence, for tests; {@link #restart} keeps the
 * port and (through {@code SAVE} before stopping and a dump in its own directory) the data, as a
 * Redis with persistence would. Skipped without redis-server, except under {@code CI=true}.
 */
public final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private Process process;

    private RedisServer(Path binary, Path dir, int port, boolean appendOnly) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        return start(false);
    }

    /**
     * A server with {@code appendonly yes} and {@code appendfsync always}, as the durable outbox asks
     * of production (there {@code everysec} is enough): {@link #crashAndRestart} then loses nothing.
     */
    public static RedisServer startAppendOnly() throws IOException, InterruptedException {
        return start(true);
    }

    private static RedisServer start(boolean appendOnly) throws IOException, InterruptedException {
        Path binary = find();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer r = new RedisServer(binary, Files.createTempDirectory("alertgate-redis"), port, appendOnly);
        r.launch();
        return r;
    }

    private static Path find() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "redis-server"))) return Path.of(d, "redis-server");
        }
        String message = "redis-server is not on PATH";
        if ("true".equals(System.getenv("CI"))) Assertions.fail(message + " (CI=true: install it in .ci/run)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always",
                "--dir", dir.toString(), "--dbfilename", "dump.rdb"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (answersPing()) return; // a restart from an append-only file answers LOADING until it is read
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server did not start; see " + dir.resolve("redis.log"));
    }

    private boolean answersPing() {
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", port)) {
            return "PONG".equals(c.ping());
        } catch (RuntimeException loading) {
            return false;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Saves a snapshot, stops the server, starts it again on the same port from the snapshot. */
    public void restart(RedisStateStore anyClient) throws IOException, InterruptedException {
        try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", port)) {
            c.sendCommand(redis.clients.jedis.Protocol.Command.SAVE);
        }
        stop();
        launch();
    }

    /** Kills the server with SIGKILL (no snapshot, no clean shutdown) and starts it again on the same port. */
    public void crashAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        process = null;
        launch();
    }

    /** Starts the server again after {@link #stop} (same port and directory). */
    public void startAgain() throws IOException, InterruptedException {
        if (process == null) launch();
    }

    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        process.waitFor();
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
