package io.alertgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Beside Alertmanager (issue 4, item 3): the same alerts posted, at a fixed rate, to the real
 * Alertmanager's {@code /api/v2/alerts} in two set-ups run one after the other:
 * <ol>
 *   <li>{@code am→slack}: Alertmanager's own {@code slack_configs}, {@code api_url} = a loopback fake Slack;
 *   <li>{@code am→alertgate→slack}: Alertmanager's {@code webhook_configs} to alertgate, whose webhook
 *       destination is the same fake Slack (no rate limit).
 * </ol>
 * Each alert has its own alertname ({@code BesideNNNNNN}), routes with {@code group_by: [alertname]}
 * and {@code group_wait: 0s}, so every alert is one notification (each set-up first gets {@code --warmup} unrecorded alerts:
 * alertgate is a fresh JVM, and without them its JIT is what gets measured). End to end = the alert's intended
 * POST time (coordinated-omission corrected) → fake Slack received a body naming it. Reports p50/p99/
 * p99.9 of both, the difference (what alertgate adds), and each process's CPU time. HdrHistogram files
 * ({@code *.hgrm}, ms) land in {@code --out} for {@code bench/plot-latency}. Loopback only; bounded.
 */
public final class BesideAlertmanager {
    private static final Pattern MARKER = Pattern.compile("Beside(\\d{6})");

    private record Options(Path gatewayJar, String alertmanager, int alerts, int warmup, int rate, Path out) {}

    private record Result(String name, Histogram e2e, long sent, long delivered, Duration amCpu, Duration gatewayCpu) {}

    private final Options options;
    private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder endToEnd = new Recorder(3);
    private final AtomicLong delivered = new AtomicLong();
    private volatile int idBase;

    private BesideAlertmanager(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.out());
        new BesideAlertmanager(o).run(System.out);
    }

    private void run(PrintStream out) throws Exception {
        List<Result> results = new ArrayList<>();
        try (FakeSlack slack = FakeSlack.start(this::received);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            // (a) Alertmanager's own Slack integration.
            Am am = startAlertmanager("am-slack", """
                    receivers:
                      - name: r
                        slack_configs:
                          - api_url: "%s"
                            channel: "#bench"
                            send_resolved: false
                    """.formatted(slack.url()));
            try {
                results.add(measure("am→slack", client, am, null, 0));
            } finally {
                LoadHarness.stop(am.process());
            }

            // (b) Alertmanager → alertgate → the same fake Slack.
            String java = ProcessHandle.current().info().command().orElse("java");
            int port = LoadHarness.freePort();
            Path config = options.out().resolve("alertgate-beside.yaml");
            Files.writeString(config, """
                    server:
                      listen: "127.0.0.1:%d"
                      environment: prod
                    tenants:
                      am:
                        environments:
                          prod:
                            slack:
                              webhooks:
                                ops: "%s"
                              channels:
                                default: webhook:ops
                              rate_limiting:
                                enabled: false
                    """.formatted(port, slack.url()));
            Process gateway = new ProcessBuilder(java, "-jar", options.gatewayJar().toString(), "serve", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(options.out().resolve("alertgate-beside.log").toFile()).start();
            try {
                LoadHarness.awaitReady(client, URI.create("http://127.0.0.1:" + port + "/readyz"), gateway);
                Am am2 = startAlertmanager("am-alertgate", """
                        receivers:
                          - name: r
                            webhook_configs:
                              - url: "http://127.0.0.1:%d/api/v1/alerts/am"
                                send_resolved: false
                        """.formatted(port));
                try {
                    results.add(measure("am→alertgate→slack", client, am2, gateway, 1));
                } finally {
                    LoadHarness.stop(am2.process());
                }
            } finally {
                LoadHarness.stop(gateway);
            }
        }
        report(out, results);
    }

    private record Am(Process process, URI uri) {}

    private Am startAlertmanager(String name, String receivers) throws Exception {
        Path dir = options.out().resolve(name);
        // A fresh notification log: an earlier run's would make Alertmanager skip the same alerts as sent.
        deleteRecursively(dir.resolve("data"));
        Files.createDirectories(dir);
        int port = LoadHarness.freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: r
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1m
                  repeat_interval: 24h
                """ + receivers);
        Process p = new ProcessBuilder(options.alertmanager(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--web.external-url=http://alertmanager.bench.test:9093")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("alertmanager exited; see " + dir.resolve("alertmanager.log"));
            try {
                if (c.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return new Am(p, uri);
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IOException("alertmanager not ready within 30 s");
    }

    private Result measure(String name, HttpClient client, Am am, Process gateway, int setup) throws Exception {
        URI post = am.uri().resolve("/api/v2/alerts");
        // Warm-up (JIT of both processes): the same traffic, ids outside the measured range, not recorded.
        postAtRate(client, post, setup * 100_000 + 50_000, options.warmup(), false);
        Thread.sleep(1000);
        // Ids differ per set-up so a late message of (a) cannot count for (b).
        idBase = setup * 100_000;
        sentAt.clear();
        endToEnd.reset();
        delivered.set(0);
        Duration amBefore = am.process().info().totalCpuDuration().orElse(Duration.ZERO);
        Duration gwBefore = gateway == null ? Duration.ZERO : gateway.info().totalCpuDuration().orElse(Duration.ZERO);
        postAtRate(client, post, idBase, options.alerts(), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(500);
        Histogram e = endToEnd.getIntervalHistogram();
        String file = name.replace("→", "-") + "-e2e.hgrm";
        try (PrintStream ps = new PrintStream(Files.newOutputStream(options.out().resolve(file)), true, StandardCharsets.UTF_8)) {
            e.outputPercentileDistribution(ps, 1e6);
        }
        return new Result(name, e, options.alerts(), delivered.get(),
                am.process().info().totalCpuDuration().orElse(Duration.ZERO).minus(amBefore),
                gateway == null ? Duration.ZERO : gateway.info().totalCpuDuration().orElse(Duration.ZERO).minus(gwBefore));
    }

    /** Posts {@code count} alerts at {@code --rate}, each timed from its intended start when {@code record}. */
    private void postAtRate(HttpClient client, URI post, int firstId, int count, boolean record) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / options.rate();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                int id = firstId + i;
                if (record) sentAt.put(id, intended);
                byte[] body = alert(id).getBytes(StandardCharsets.UTF_8);
                senders.submit(() -> {
                    try {
                        client.send(HttpRequest.newBuilder(post).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                    } catch (IOException | InterruptedException e) {
                        // counted as not delivered
                    }
                    return null;
                });
            }
        }
    }

    private void received(byte[] body) {
        long now = System.nanoTime();
        Matcher m = MARKER.matcher(new String(body, StandardCharsets.UTF_8));
        if (m.find()) {
            Long at = sentAt.remove(Integer.parseInt(m.group(1)));
            if (at != null) {
                endToEnd.recordValue(now - at);
                delivered.incrementAndGet();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static String alert(int id) {
        Instant now = Instant.now();
        return """
                [{"labels":{"alertname":"Beside%06d","severity":"warning","instance":"node-%d:9100","job":"node"},\
                "annotations":{"summary":"Beside%06d: disk almost full","description":"beside-Alertmanager benchmark"},\
                "startsAt":"%s","endsAt":"%s","generatorURL":"http://prometheus.bench.test/graph"}]""".formatted(
                id, id % 50, id, now.minusSeconds(30), now.plusSeconds(3600));
    }

    private void report(PrintStream out, List<Result> results) {
        out.printf(Locale.ROOT, "%nbeside Alertmanager: %d alerts at %d/s after %d warm-up, one notification each (group_wait 0s), %d cores, %s%n",
                options.alerts(), options.rate(), options.warmup(), Runtime.getRuntime().availableProcessors(), Instant.now());
        out.printf(Locale.ROOT, "%-20s %8s %8s %9s %9s %9s %9s %12s %14s%n", "path", "sent", "lost", "e2e p50", "e2e p90",
                "e2e p99", "e2e p99.9", "AM CPU ms", "alertgate CPU ms");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-20s %8d %8d %9s %9s %9s %9s %12d %14d%n", r.name(), r.sent(), r.sent() - r.delivered(),
                    ms(r.e2e(), 50), ms(r.e2e(), 90), ms(r.e2e(), 99), ms(r.e2e(), 99.9), r.amCpu().toMillis(), r.gatewayCpu().toMillis());
        }
        if (results.size() == 2) {
            Histogram a = results.get(0).e2e();
            Histogram b = results.get(1).e2e();
            out.printf(Locale.ROOT, "alertgate adds: p50 %+.2f ms, p99 %+.2f ms; CPU per alert: AM alone %.2f ms, AM+alertgate %.2f ms%n",
                    (b.getValueAtPercentile(50) - a.getValueAtPercentile(50)) / 1e6,
                    (b.getValueAtPercentile(99) - a.getValueAtPercentile(99)) / 1e6,
                    results.get(0).amCpu().toNanos() / 1e6 / options.alerts(),
                    (results.get(1).amCpu().toNanos() + results.get(1).gatewayCpu().toNanos()) / 1e6 / options.alerts());
        }
        out.println("latencies in ms; HdrHistogram percentile files in " + options.out());
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", h.getValueAtPercentile(p) / 1e6);
    }

    private static Options parse(String[] args) {
        Path jar = Path.of("target/alertgate.jar");
        String am = "/usr/bin/prometheus-alertmanager";
        int alerts = 300, warmup = 150, rate = 10;
        Path out = Path.of("bench/target/beside");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway-jar" -> jar = Path.of(args[++i]);
                case "--alertmanager" -> am = args[++i];
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("""
                            usage: BesideAlertmanager [--alerts 300] [--warmup 150] [--rate 10] [--alertmanager /usr/bin/prometheus-alertmanager]
                                                      [--gateway-jar target/alertgate.jar] [--out bench/target/beside]""");
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no gateway jar at " + jar + " (build it: ./mvnw install -DskipTests)");
        if (!Files.isExecutable(Path.of(am))) throw new IllegalArgumentException("no Alertmanager at " + am + " (apt-get install prometheus-alertmanager)");
        if (alerts > 99_999) throw new IllegalArgumentException("--alerts at most 99999");
        return new Options(jar, am, alerts, warmup, rate, out);
    }
}
