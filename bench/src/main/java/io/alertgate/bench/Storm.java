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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storm (issue 4, item 4): {@code --groups} groups of {@code --alerts} alerts each (default 500 ×
 * 20 = 10,000 alerts) posted as fast as {@code --concurrency} connections allow to one tenant of a
 * running alertgate whose one destination is a loopback fake Slack, with the gateway paced at
 * Slack's 1 message per second (its token bucket, burst 5) and the storm digest on (threshold 60),
 * as docs/delivery.md describes. Every {@code --critical-every}-th group is {@code severity:
 * critical}; the rest are {@code warning}.
 *
 * <p>Reports: time from a critical group's POST to the fake Slack receiving it (first and worst),
 * messages received in the first minute, time until every accepted group is accounted for (a
 * message carrying its marker, or a digest that counts it), the largest number of messages in any
 * one-second window (did the gateway keep to 1/s?), and lost = accepted − accounted (must be 0).
 * A 503 answer is retried after 1 s, as Alertmanager would. Loopback only, bounded by
 * {@code --timeout} seconds.
 */
public final class Storm {
    private static final Pattern MARKER = Pattern.compile("stm(\\d{5})x");
    private static final Pattern DIGEST = Pattern.compile("Alert storm: (\\d+) notifications");
    private static final long NO_TIME = Long.MIN_VALUE;

    private record Options(Path gatewayJar, int groups, int alerts, int concurrency, int criticalEvery, int timeoutSeconds,
                           Path out) {}

    private record Received(long atNanos, String body) {}

    private final Options options;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final long[] postedAt;
    private final Map<Integer, Long> criticalSeen = new ConcurrentHashMap<>();
    private final AtomicInteger accountedIndividually = new AtomicInteger();
    private final AtomicInteger accountedInDigests = new AtomicInteger();
    private final AtomicInteger digests = new AtomicInteger();
    private final boolean[] seen;

    private Storm(Options options) {
        this.options = options;
        this.postedAt = new long[options.groups()];
        this.seen = new boolean[options.groups()];
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.out());
        new Storm(o).run(System.out);
    }

    private void run(PrintStream out) throws Exception {
        try (FakeSlack slack = FakeSlack.start(this::onSlack);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            int port = LoadHarness.freePort();
            Path config = options.out().resolve("alertgate-storm.yaml");
            Files.writeString(config, config(port, slack.url()));
            Process gateway = new ProcessBuilder(java, "-jar", options.gatewayJar().toString(), "serve", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(options.out().resolve("alertgate-storm.log").toFile()).start();
            try {
                LoadHarness.awaitReady(client, URI.create("http://127.0.0.1:" + port + "/readyz"), gateway);
                storm(out, client, URI.create("http://127.0.0.1:" + port + "/api/v1/alerts/storm"), gateway);
            } finally {
                LoadHarness.stop(gateway);
            }
        }
    }

    private void storm(PrintStream out, HttpClient client, URI uri, Process gateway) throws Exception {
        Duration cpuBefore = gateway.info().totalCpuDuration().orElse(Duration.ZERO);
        AtomicInteger next = new AtomicInteger();
        AtomicLong retries = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicInteger accepted = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(options.concurrency())) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.concurrency(); w++) {
                workers.add(pool.submit(() -> {
                    int g;
                    while ((g = next.getAndIncrement()) < options.groups()) {
                        byte[] body = payload(g).getBytes(StandardCharsets.UTF_8);
                        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        while (true) {
                            postedAt[g] = System.nanoTime();
                            int status;
                            try {
                                status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                            } catch (IOException e) {
                                status = -1;
                            }
                            if (status / 100 == 2) {
                                accepted.incrementAndGet();
                                break;
                            }
                            if ((status == 503 || status == -1) && System.nanoTime() < deadline) {
                                retries.incrementAndGet();
                                Thread.sleep(1000); // Alertmanager retries a refused webhook later
                                continue;
                            }
                            refused.incrementAndGet();
                            break;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
        }
        long postedAllNanos = System.nanoTime() - t0;
        // Drain: until every accepted group is accounted for, or the bound.
        long drainedAt = NO_TIME;
        while (System.nanoTime() < deadline) {
            if (accountedIndividually.get() + accountedInDigests.get() >= accepted.get()) {
                drainedAt = System.nanoTime();
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000); // anything still in flight (a duplicate would show as accounted > accepted)
        Duration cpu = gateway.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);

        List<Received> all = new ArrayList<>(received);
        all.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        long firstMinute = all.stream().filter(r -> r.atNanos() - t0 <= TimeUnit.SECONDS.toNanos(60)).count();
        int maxPerSecond = 0;
        for (int i = 0, j = 0; i < all.size(); i++) {
            while (all.get(i).atNanos() - all.get(j).atNanos() >= TimeUnit.SECONDS.toNanos(1)) j++;
            maxPerSecond = Math.max(maxPerSecond, i - j + 1);
        }
        List<Double> criticalMs = new ArrayList<>();
        int criticals = 0;
        double firstCriticalMs = Double.NaN;
        for (int g = 0; g < options.groups(); g++) {
            if (!isCritical(g)) continue;
            criticals++;
            Long at = criticalSeen.get(g);
            if (at != null) {
                double ms = (at - postedAt[g]) / 1e6;
                criticalMs.add(ms);
                if (Double.isNaN(firstCriticalMs)) firstCriticalMs = ms;
            }
        }
        int accounted = accountedIndividually.get() + accountedInDigests.get();
        out.printf(Locale.ROOT, "%nstorm: %d groups × %d alerts = %d alerts to one webhook destination (1 msg/s, burst 5, digest at 60), %d connections, %d cores, %s%n",
                options.groups(), options.alerts(), options.groups() * options.alerts(), options.concurrency(),
                Runtime.getRuntime().availableProcessors(), Instant.now());
        out.printf(Locale.ROOT, "posted all groups in          %8.2f s  (accepted %d, refused %d, 503/retries %d)%n",
                postedAllNanos / 1e9, accepted.get(), refused.get(), retries.get());
        out.printf(Locale.ROOT, "first critical POST → Slack   %8.1f ms  (group %d; %d critical groups, worst %.1f ms, received %d)%n",
                firstCriticalMs, options.criticalEvery() - 1, criticals,
                criticalMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), criticalMs.size());
        out.printf(Locale.ROOT, "messages received             %8d     (first minute %d, digests %d, most in any 1 s window %d)%n",
                all.size(), firstMinute, digests.get(), maxPerSecond);
        out.printf(Locale.ROOT, "time to drain                 %8s s  (first POST → every accepted group accounted for)%n",
                drainedAt == NO_TIME ? "> " + options.timeoutSeconds() : String.format(Locale.ROOT, "%.2f", (drainedAt - t0) / 1e9));
        out.printf(Locale.ROOT, "accounted                     %8d     (own message %d, counted in a digest %d)%n",
                accounted, accountedIndividually.get(), accountedInDigests.get());
        out.printf(Locale.ROOT, "lost                          %8d     (accepted − accounted; must be 0)%n", Math.max(0, accepted.get() - accounted));
        out.printf(Locale.ROOT, "gateway CPU                   %8.2f s  peak RSS %.1f MB%n", cpu.toMillis() / 1000.0,
                LoadHarness.peakRssKb(gateway.pid()) / 1024.0);
    }

    private boolean isCritical(int g) {
        return (g + 1) % options.criticalEvery() == 0;
    }

    private void onSlack(byte[] bytes) {
        long now = System.nanoTime();
        String body = new String(bytes, StandardCharsets.UTF_8);
        received.add(new Received(now, body));
        Matcher d = DIGEST.matcher(body);
        if (d.find()) {
            digests.incrementAndGet();
            accountedInDigests.addAndGet(Integer.parseInt(d.group(1)));
            return;
        }
        Matcher m = MARKER.matcher(body);
        if (m.find()) {
            int g = Integer.parseInt(m.group(1));
            synchronized (seen) {
                if (g < seen.length && !seen[g]) {
                    seen[g] = true;
                    accountedIndividually.incrementAndGet();
                }
            }
            if (isCritical(g)) criticalSeen.putIfAbsent(g, now);
        }
    }

    /** Group {@code g}: its alertname and every summary carry the marker {@code stmNNNNNx}. */
    private String payload(int g) {
        String severity = isCritical(g) ? "critical" : "warning";
        String marker = String.format(Locale.ROOT, "stm%05dx", g);
        String name = "StormAlert" + marker;
        StringBuilder alerts = new StringBuilder();
        for (int a = 0; a < options.alerts(); a++) {
            if (a > 0) alerts.append(',');
            alerts.append("""
                    {"status":"firing","labels":{"alertname":"%s","severity":"%s","namespace":"storm","pod":"pod-%d"},\
                    "annotations":{"summary":"%s pod-%d is failing","description":"storm benchmark alert"},\
                    "startsAt":"2026-11-30T02:00:00Z","endsAt":"0001-01-01T00:00:00Z",\
                    "generatorURL":"http://prometheus.local/graph","fingerprint":"%016x"}""".formatted(
                    name, severity, a, marker, a, (long) g * 1000 + a));
        }
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"%s\\"}","truncatedAlerts":0,"status":"firing","receiver":"storm",\
                "groupLabels":{"alertname":"%s"},"commonLabels":{"alertname":"%s","severity":"%s","namespace":"storm"},\
                "commonAnnotations":{},"externalURL":"http://alertmanager.local:9093","alerts":[%s]}""".formatted(
                name, name, name, severity, alerts);
    }

    private static String config(int port, String slackUrl) {
        return """
                server:
                  listen: "127.0.0.1:%d"
                  environment: prod
                tenants:
                  storm:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            ops: "%s"
                          channels:
                            default: webhook:ops
                          rate_limiting:
                            enabled: true
                            max_requests_per_second: 1
                            burst_capacity: 5
                          storm_digest:
                            enabled: true
                            threshold: 60
                """.formatted(port, slackUrl);
    }

    private static Options parse(String[] args) {
        Path jar = Path.of("target/alertgate.jar");
        int groups = 500, alerts = 20, concurrency = 8, criticalEvery = 100, timeout = 300;
        Path out = Path.of("bench/target/storm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway-jar" -> jar = Path.of(args[++i]);
                case "--groups" -> groups = Integer.parseInt(args[++i]);
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--critical-every" -> criticalEvery = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("""
                            usage: Storm [--groups 500] [--alerts 20] [--concurrency 8] [--critical-every 100]
                                         [--timeout 300] [--gateway-jar target/alertgate.jar] [--out bench/target/storm]""");
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no gateway jar at " + jar + " (build it: ./mvnw install -DskipTests)");
        if (groups > 99_999) throw new IllegalArgumentException("--groups at most 99999 (five-digit markers)");
        return new Options(jar, groups, alerts, concurrency, criticalEvery, timeout, out);
    }
}
