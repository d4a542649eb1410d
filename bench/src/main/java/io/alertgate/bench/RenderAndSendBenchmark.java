package io.alertgate.bench;

import io.alertgate.alert.AlertGroup;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.UnknownTenantException;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.HttpSlackTransport;
import io.alertgate.slack.SendResult;
import io.alertgate.template.TemplateException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Render and send: a parsed group planned (route → render → format) and each message POSTed by {@link HttpSlackTransport} to a loopback fake Slack webhook, one at a time over the gateway's kind of {@link HttpClient}. Compare with {@link LoopbackFloorBenchmark} in the same run: the difference is what alertgate adds to one Slack round trip.
 *
 * <p>Run: {@code bench/run-jmh RenderAndSendBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar RenderAndSendBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RenderAndSendBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private FakeSlack slack;
    private HttpClient client;
    private HttpSlackTransport transport;
    private Destination destination;
    private Pipeline pipeline;
    private AlertGroup group;

    @Setup
    public void setUp() throws IOException, TemplateException, UnknownTenantException {
        slack = FakeSlack.start();
        client = gatewayLikeClient();
        transport = new HttpSlackTransport(client);
        destination = new Destination.Webhook("webhook:bench", Secret.of(slack.url()));
        pipeline = new Pipeline(Fixtures.config(), Fixtures.CLOCK, d -> false);
        group = Fixtures.group(alerts);
        SendResult first = renderAndSend();
        if (!first.ok()) throw new IllegalStateException("fake Slack did not accept: " + first);
    }

    @TearDown
    public void tearDown() {
        client.close();
        slack.close();
    }

    @Benchmark
    public SendResult renderAndSend() throws UnknownTenantException {
        SendResult last = null;
        for (Planned p : pipeline.plan(Fixtures.TENANT, group)) {
            last = transport.send(destination, p.message());
        }
        return last;
    }

    /** Built as {@code Gateway.defaultHttpClient()} builds the process's client (package-private there). */
    static HttpClient gatewayLikeClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
