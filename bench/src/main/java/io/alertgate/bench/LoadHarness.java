package io.alertgate.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generator: posts corpus payloads to a running alertgate (its destination a {@link FakeSlack}
 * without rate limit) and, in the same run, to the floor ({@link FloorServer}), then prints both and
 * alertgate's ratio to the floor.
 *
 * <p>Design note. In fixed-rate mode each request has an intended start time ({@code t0 + i/rate});
 * latency is measured from that time, not from when the request actually left, so a stalled server
 * is charged for the requests it delayed (coordinated omission corrected, as wrk2 does). Each request
 * runs on its own virtual thread so a slow answer never delays the schedule. Max-rate mode runs N
 * closed loops and measures from the actual send. End-to-end latency runs from the intended start to
 * the fake Slack receiving the message, matched by a per-request marker patched into the payload's
 * summaries and group key. Both servers run as child processes of this JVM; their CPU time and peak
 * RSS ({@code VmHWM}) come from the OS.
 *
 * <p>Run (after {@code bench/run-jmh} or a build of both jars):
 * {@code java -cp bench/target/benchmarks.jar io.alertgate.bench.LoadHarness --rate 500 --duration 20}
 * or {@code --max --concurrency 32}; {@code --help} lists the options.
 */
public final class LoadHarness {
    private static final String MARK = "lg0000000000";
    private static final long NO_TIME = Long.MIN_VALUE;

    private record Options(Path gatewayJar, boolean maxRate, int rate, int concurrency, Duration duration,
                           Duration warmup, int alerts, Path out) {}

    private record Result(String name, long sent, long ok, long failed, double seconds, Histogram accept,
                          Histogram endToEnd, long delivered, Duration cpu, long peakRssKb) {
        double rps() {
            return ok / seconds;
        }
    }

    private final Options options;
    private final PayloadTemplate payloads;
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder endToEnd = new Recorder(3);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean measuring;

    private LoadHarness(Options options) {
        this.options = options;
        this.payloads = new PayloadTemplate(Fixtures.payload(options.alerts()));
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.out());
        new LoadHarness(o).run(System.out);
    }

    private void run(PrintStream out) throws Exception {
        List<Result> results = new ArrayList<>();
        try (FakeSlack slack = FakeSlack.start(this::received);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path");

            Process floor = new ProcessBuilder(java, "-cp", classpath, FloorServer.class.getName())
                    .redirectError(options.out().resolve("floor.log").toFile()).start();
            try {
                int port = readPort(floor);
                results.add(measure("floor", floor, URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/bench"), client, false));
            } finally {
                stop(floor);
            }

            int port = freePort();
            Path config = options.out().resolve("alertgate.yaml");
            Files.writeString(config, gatewayConfig(port, slack.url()));
            Process gateway = new ProcessBuilder(java, "-jar", options.gatewayJar().toString(), "serve", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(options.out().resolve("alertgate.log").toFile()).start();
            try {
                awaitReady(client, URI.create("http://127.0.0.1:" + port + "/readyz"), gateway);
                results.add(measure("alertgate", gateway, URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/bench"), client, true));
            } finally {
                stop(gateway);
            }
        }
        report(out, results);
    }

    private Result measure(String name, Process server, URI uri, HttpClient client, boolean expectSlack) throws Exception {
        sentAt.clear();
        load(uri, client, options.warmup(), new Recorder(3), new AtomicLong(), new AtomicLong());
        Thread.sleep(1000); // let warm-up deliveries reach fake Slack before measuring

        Recorder accept = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        endToEnd.reset();
        sentAt.clear();
        delivered.set(0);
        Duration cpuBefore = server.info().totalCpuDuration().orElse(Duration.ZERO);
        measuring = true;
        long t0 = System.nanoTime();
        long sent = load(uri, client, options.duration(), accept, ok, failed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (expectSlack) drain(Duration.ofSeconds(10));
        measuring = false;
        Duration cpu = server.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
        Histogram a = accept.getIntervalHistogram();
        Histogram e = endToEnd.getIntervalHistogram();
        write(name + "-accept.hgrm", a);
        if (expectSlack) write(name + "-e2e.hgrm", e);
        return new Result(name, sent, ok.get(), failed.get(), seconds, a, expectSlack ? e : null,
                expectSlack ? delivered.get() : 0, cpu, peakRssKb(server.pid()));
    }

    /** Sends for {@code length}; returns how many requests were started. Waits for all answers. */
    private long load(URI uri, HttpClient client, Duration length, Recorder accept, AtomicLong ok, AtomicLong failed)
            throws InterruptedException {
        long count = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            if (options.maxRate()) {
                AtomicLong started = new AtomicLong();
                for (int c = 0; c < options.concurrency(); c++) {
                    threads.submit(() -> {
                        while (System.nanoTime() < end) {
                            started.incrementAndGet();
                            send(uri, client, System.nanoTime(), accept, ok, failed);
                        }
                    });
                }
                threads.shutdown();
                threads.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
                return started.get();
            }
            long period = 1_000_000_000L / options.rate();
            for (long intended = start; intended < end; intended = start + (++count) * period) {
                long wait = intended - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                long at = intended;
                threads.submit(() -> send(uri, client, at, accept, ok, failed));
            }
        }
        return count;
    }

    private void send(URI uri, HttpClient client, long intendedNanos, Recorder accept, AtomicLong ok, AtomicLong failed) {
        long id = ids.incrementAndGet();
        if (measuring) sentAt.put(id, intendedNanos);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payloads.withId(id)))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            accept.recordValue(System.nanoTime() - intendedNanos);
            if (response.statusCode() / 100 == 2) ok.incrementAndGet(); else failed.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fake Slack's listener: matches the marker back to the request's intended start. */
    private void received(byte[] body) {
        long now = System.nanoTime();
        int i = indexOf(body, "lg".getBytes(StandardCharsets.US_ASCII), 0);
        while (i >= 0 && i + MARK.length() <= body.length) {
            long id = digits(body, i + 2, MARK.length() - 2);
            if (id >= 0) {
                Long at = sentAt.remove(id);
                if (at != null && measuring) {
                    endToEnd.recordValue(now - at);
                    delivered.incrementAndGet();
                }
                return;
            }
            i = indexOf(body, "lg".getBytes(StandardCharsets.US_ASCII), i + 2);
        }
    }

    /** Waits until every measured request reached fake Slack, or {@code max} passed. */
    private void drain(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private void report(PrintStream out, List<Result> results) {
        out.printf(Locale.ROOT, "%nload: %s, %d alerts per group, %ds measured after %ds warm-up, %d cores%n",
                options.maxRate() ? "max rate, " + options.concurrency() + " connections" : "fixed rate " + options.rate() + "/s",
                options.alerts(), options.duration().toSeconds(), options.warmup().toSeconds(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-10s %9s %7s %6s %10s %10s %10s %10s %10s %10s %8s %9s %8s%n", "server", "req/s", "ok", "fail",
                "acc p50", "acc p99", "acc p99.9", "e2e p50", "e2e p99", "e2e p99.9", "lost", "CPU s", "RSS MB");
        for (Result r : results) {
            Histogram e = r.endToEnd();
            out.printf(Locale.ROOT, "%-10s %9.1f %7d %6d %10s %10s %10s %10s %10s %10s %8s %9.2f %8.1f%n", r.name(), r.rps(), r.ok(),
                    r.failed(), ms(r.accept(), 50), ms(r.accept(), 99), ms(r.accept(), 99.9),
                    e == null ? "-" : ms(e, 50), e == null ? "-" : ms(e, 99), e == null ? "-" : ms(e, 99.9),
                    e == null ? "-" : Long.toString(r.ok() - r.delivered()), r.cpu().toMillis() / 1000.0, r.peakRssKb() / 1024.0);
        }
        if (results.size() == 2) {
            Result f = results.get(0);
            Result g = results.get(1);
            out.printf(Locale.ROOT, "alertgate / floor: req/s %.2f×, accept p99 %.2f×, CPU per request %.2f×%n",
                    g.rps() / f.rps(),
                    (double) g.accept().getValueAtPercentile(99) / Math.max(1, f.accept().getValueAtPercentile(99)),
                    (g.cpu().toNanos() / (double) Math.max(1, g.ok())) / Math.max(1, f.cpu().toNanos() / (double) Math.max(1, f.ok())));
        }
        out.println("latencies in ms; HdrHistogram percentile files in " + options.out());
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", h.getValueAtPercentile(percentile) / 1e6);
    }

    private void write(String file, Histogram h) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(options.out().resolve(file)), true, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 1e6);
        }
    }

    private static String gatewayConfig(int port, String slackUrl) {
        return """
                server:
                  listen: "127.0.0.1:%d"
                  environment: prod
                tenants:
                  bench:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                          rate_limiting:
                            enabled: false
                """.formatted(port, slackUrl);
    }

    private static int readPort(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("PORT ")) throw new IOException("floor server did not start: " + line);
        return Integer.parseInt(line.substring(5).strip());
    }

    static void awaitReady(HttpClient client, URI readyz, Process gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) throw new IOException("alertgate exited with " + gateway.exitValue() + "; see alertgate.log");
            try {
                if (client.send(HttpRequest.newBuilder(readyz).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("alertgate not ready within 30 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    /** Peak resident set (VmHWM) in KiB from /proc; -1 where there is no /proc. */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static int indexOf(byte[] a, byte[] b, int from) {
        outer:
        for (int i = from; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static long digits(byte[] a, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            if (a[i] < '0' || a[i] > '9') return -1;
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    /**
     * The corpus payload with {@link #MARK} at the front of every alert's summary and in the group
     * key; {@link #withId} copies it and overwrites the marker's digits, so each request is unique
     * (no dedup) and findable in what reaches Slack, at the cost of one array copy.
     */
    private static final class PayloadTemplate {
        private final byte[] bytes;
        private final int[] offsets;

        @SuppressWarnings("unchecked")
        PayloadTemplate(byte[] body) {
            try {
                Map<String, Object> doc = new LinkedHashMap<>(JSON.std.mapFrom(body));
                doc.put("groupKey", MARK + ":" + doc.get("groupKey"));
                List<Object> alerts = new ArrayList<>();
                for (Object o : (List<Object>) doc.get("alerts")) {
                    Map<String, Object> alert = new LinkedHashMap<>((Map<String, Object>) o);
                    Map<String, Object> ann = new LinkedHashMap<>((Map<String, Object>) alert.getOrDefault("annotations", Map.of()));
                    ann.put("summary", MARK + " " + ann.getOrDefault("summary", ""));
                    alert.put("annotations", ann);
                    alerts.add(alert);
                }
                doc.put("alerts", alerts);
                Map<String, Object> common = new LinkedHashMap<>((Map<String, Object>) doc.getOrDefault("commonAnnotations", Map.of()));
                if (common.containsKey("summary")) common.put("summary", MARK + " " + common.get("summary"));
                doc.put("commonAnnotations", common);
                bytes = JSON.std.asBytes(doc);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<Integer> found = new ArrayList<>();
            byte[] mark = MARK.getBytes(StandardCharsets.US_ASCII);
            for (int i = indexOf(bytes, mark, 0); i >= 0; i = indexOf(bytes, mark, i + mark.length)) found.add(i + 2);
            offsets = found.stream().mapToInt(Integer::intValue).toArray();
        }

        byte[] withId(long id) {
            byte[] copy = bytes.clone();
            byte[] digits = String.format(Locale.ROOT, "%010d", id).getBytes(StandardCharsets.US_ASCII);
            for (int off : offsets) System.arraycopy(digits, 0, copy, off, digits.length);
            return copy;
        }
    }

    private static Options parse(String[] args) {
        Path jar = Path.of("target/alertgate.jar");
        boolean max = false;
        int rate = 200;
        int concurrency = 16;
        int duration = 15;
        int warmup = 5;
        int alerts = 5;
        Path out = Path.of("bench/target/load");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway-jar" -> jar = Path.of(args[++i]);
                case "--max" -> max = true;
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("""
                            usage: LoadHarness [--rate N | --max [--concurrency N]] [--duration S] [--warmup S]
                                               [--alerts 1|5|50|200] [--gateway-jar target/alertgate.jar] [--out bench/target/load]""");
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no gateway jar at " + jar + " (build it: ./mvnw install -DskipTests)");
        return new Options(jar, max, rate, concurrency, Duration.ofSeconds(duration), Duration.ofSeconds(warmup), alerts, out);
    }
}
