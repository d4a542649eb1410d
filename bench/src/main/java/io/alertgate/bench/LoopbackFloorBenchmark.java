package io.alertgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference for {@link RenderAndSendBenchmark}: the same client POSTing a fixed small JSON body to the same loopback fake Slack, with no alertgate code in the way.
 *
 * <p>Run: {@code bench/run-jmh LoopbackFloorBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar LoopbackFloorBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LoopbackFloorBenchmark {
    private static final String BODY = "{\"text\":\"floor\"}";

    private FakeSlack slack;
    private HttpClient client;
    private HttpRequest request;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        slack = FakeSlack.start();
        client = RenderAndSendBenchmark.gatewayLikeClient();
        request = HttpRequest.newBuilder(URI.create(slack.url()))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8))
                .build();
        if (!"ok".equals(post())) throw new IllegalStateException("fake Slack did not answer ok");
    }

    @TearDown
    public void tearDown() {
        client.close();
        slack.close();
    }

    @Benchmark
    public String post() throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }
}
