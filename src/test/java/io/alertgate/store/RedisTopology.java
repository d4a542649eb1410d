package io.alertgate.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis topologies for tests: a Sentinel watching a master, and a 3-master Redis Cluster
 * ({@code redis-server --cluster-enabled yes} ×3 joined by {@code redis-cli --cluster create}).
 * Every process started here is stopped by {@link #close}. Skipped without redis-server and
 * redis-cli, except under {@code CI=true}.
 */
final class RedisTopology implements AutoCloseable {
    static final String MASTER_NAME = "alertgate-master";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    private RedisTopology() throws IOException {
        this.dir = Files.createTempDirectory("alertgate-redis-topology");
    }

    /** A master on a free port and one sentinel monitoring it; {@link #nodes} is the sentinel. */
    static RedisTopology sentinel() throws Exception {
        Path server = program("redis-server");
        RedisTopology t = new RedisTopology();
        try {
            int master = freePort(false);
            t.launch(List.of(server.toString(), "--port", Integer.toString(master), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", t.dir.toString(), "--dbfilename", "master.rdb"), "master.log");
            t.awaitPort(master);
            t.ports.add(master);
            int sentinel = freePort(false);
            Path conf = t.dir.resolve("sentinel.conf");
            // Sentinel rewrites its config file, so it must be a writable file of its own.
            Files.writeString(conf, """
                    port %d
                    bind 127.0.0.1
                    dir %s
                    sentinel monitor %s 127.0.0.1 %d 1
                    sentinel down-after-milliseconds %s 5000
                    """.formatted(sentinel, t.dir, MASTER_NAME, master, MASTER_NAME));
            t.launch(List.of(server.toString(), conf.toString(), "--sentinel"), "sentinel.log");
            t.awaitPort(sentinel);
            t.sentinelPort = sentinel;
            return t;
        } catch (Exception | AssertionError e) {
            t.close();
            throw e;
        }
    }

    /** Three masters on free ports joined into one cluster covering all 16,384 slots. */
    static RedisTopology cluster() throws Exception {
        Path server = program("redis-server");
        Path cli = program("redis-cli");
        RedisTopology t = new RedisTopology();
        try {
            List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
            for (int i = 0; i < 3; i++) {
                int port = freePort(true);
                t.launch(List.of(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", t.dir.resolve("nodes-" + port + ".conf").toString(),
                        "--save", "", "--appendonly", "no", "--dir", t.dir.toString(), "--dbfilename", port + ".rdb"),
                        "node-" + port + ".log");
                t.awaitPort(port);
                t.ports.add(port);
                create.add("127.0.0.1:" + port);
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(t.dir.resolve("create.log").toFile()).start();
            if (p.waitFor() != 0) throw new IOException("redis-cli --cluster create failed; see " + t.dir.resolve("create.log"));
            t.awaitClusterOk();
            return t;
        } catch (Exception | AssertionError e) {
            t.close();
            throw e;
        }
    }

    private int sentinelPort;

    /** {@code host:port} of the sentinel (Sentinel) or of every master (Cluster). */
    List<String> nodes() {
        if (sentinelPort != 0) return List.of("127.0.0.1:" + sentinelPort);
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /** The data servers' ports (the master, or the cluster's masters). */
    List<Integer> dataPorts() {
        return List.copyOf(ports);
    }

    /** Empties every data server. */
    void flushAll() {
        for (int port : ports) {
            try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", port)) {
                c.flushAll();
            }
        }
    }

    private void launch(List<String> command, String log) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start());
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis on port " + port + " did not start; see the logs in " + dir);
    }

    private void awaitClusterOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int port : ports) {
                try (var c = redis.clients.jedis.RedisClient.create("127.0.0.1", port)) {
                    Object raw = c.sendCommand(redis.clients.jedis.Protocol.Command.CLUSTER, "INFO");
                    String info = raw instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(raw);
                    ok &= info.contains("cluster_state:ok");
                }
            }
            if (ok) return;
            Thread.sleep(50);
        }
        throw new IOException("the cluster did not reach cluster_state:ok; see the logs in " + dir);
    }

    /**
     * A free port; for a cluster node also a free bus port (port + 10,000), so the port is drawn
     * below 55,535 rather than left to the kernel.
     */
    private static int freePort(boolean withBus) throws IOException {
        if (!withBus) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
        for (int tries = 0; tries < 100; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 50_000);
            if (free(port) && free(port + 10_000)) return port;
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static Path program(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) return Path.of(d, name);
        }
        String message = name + " is not on PATH";
        if ("true".equals(System.getenv("CI"))) Assertions.fail(message + " (CI=true: install it in .ci/run)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            p.waitFor();
        }
        processes.clear();
    }
}
