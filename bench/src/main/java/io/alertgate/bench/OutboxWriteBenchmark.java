package io.alertgate.bench;

import io.alertgate.alert.Priority;
import io.alertgate.delivery.Delivery;
import io.alertgate.delivery.DeliveryCodec;
import io.alertgate.delivery.StoredJournal;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.Planned;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.store.RedisOutboxStore;
import io.alertgate.store.RedisStateStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * What the durable outbox adds to accepting one notification: {@code encode} is the
 * {@link DeliveryCodec} alone (no I/O); {@code write} is {@link StoredJournal#write} — encode plus the
 * append script ({@code XADD} + {@code XREADGROUP}) on a loopback redis-server — the cost on the
 * webhook's answer path; {@code writeAndSettle} adds the {@code XACK}+{@code XDEL} the dispatcher
 * runs after delivery. The message is the 5-alert corpus group (r03) as the pipeline renders it.
 * {@code fsync} is the server's persistence: {@code off} (no AOF), {@code everysec} (AOF, the
 * setting the README asks for), {@code always} (AOF, fsync before every reply).
 *
 * <p>Needs {@code redis-server} on PATH (started in setup on a free port, stopped in teardown).
 * Run: {@code bench/run-jmh OutboxWriteBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OutboxWriteBenchmark {
    @Param({"off", "everysec", "always"})
    String fsync;

    private Process redis;
    private int port;
    private Path dir;
    private RedisStateStore store;
    private StoredJournal journal;
    private Delivery delivery;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // The message first: if it fails, no redis-server is left behind.
        Pipeline pipeline = new Pipeline(Fixtures.config(), Fixtures.CLOCK, d -> false);
        Planned p = pipeline.plan(Fixtures.TENANT, Fixtures.group(5)).get(0);
        delivery = new Delivery(Fixtures.TENANT, "{}:{alertname=\"bench\"}",
                new Destination.Webhook("webhook:bench", Secret.of("https://hooks.example.test/x")), p.message(),
                Priority.HIGH, "req-bench", "bench");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("alertgate-bench-redis");
        boolean aof = !fsync.equals("off");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", aof ? "yes" : "no", "--appendfsync", aof ? fsync : "everysec", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitPort(port);
            store = new RedisStateStore(new RedisStateStore.Settings("redis://127.0.0.1:" + port, Duration.ofSeconds(2), 16));
            journal = journal();
        } catch (Exception | Error e) {
            redis.destroy();
            throw e;
        }
    }

    private StoredJournal journal() {
        return new StoredJournal(new RedisOutboxStore(store, "bench"), (t, n) -> java.util.Optional.empty(),
                () -> List.of(Fixtures.TENANT), Duration.ofSeconds(60));
    }

    /**
     * Empties the stream (and the journal's set of held ids) between iterations, so {@code write} does
     * not measure a stream growing without end.
     */
    @TearDown(Level.Iteration)
    public void trim() {
        try (RedisClient c = RedisClient.create("127.0.0.1", port)) {
            c.del("alertgate:{" + Fixtures.TENANT + "}:outbox");
        }
        journal = journal();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        redis.destroy();
        redis.waitFor();
    }

    @Benchmark
    public Map<String, String> encode() {
        return DeliveryCodec.encode(delivery);
    }

    @Benchmark
    public String write() {
        return journal.write(delivery);
    }

    @Benchmark
    public String writeAndSettle() {
        String id = journal.write(delivery);
        journal.settle(Fixtures.TENANT, id);
        return id;
    }

    private static void awaitPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not start (is it on PATH?)");
    }
}
