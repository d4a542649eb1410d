package io.alertgate.bench;

import io.alertgate.slack.BlockKitFormatter;
import io.alertgate.slack.JsonBody;
import io.alertgate.slack.SlackMessage;
import io.alertgate.template.NotificationView;
import io.alertgate.template.TemplateEngine;
import io.alertgate.template.ViewModels;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A formatted message to the incoming-webhook JSON body, as {@code HttpSlackTransport} writes it ({@link JsonBody#utf8}, jackson-jr underneath).
 *
 * <p>Run: {@code bench/run-jmh SerializeBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar SerializeBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SerializeBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private SlackMessage message;

    @Setup
    public void setUp() {
        NotificationView view = ViewModels.build(Fixtures.group(alerts), Fixtures.TENANT, "prod", "en", Fixtures.CLOCK);
        String body = TemplateEngine.defaults(Fixtures.CLOCK).render(TemplateEngine.DEFAULT_TEMPLATE_NAME, view).text();
        message = new BlockKitFormatter().format(view, body);
    }

    @Benchmark
    public byte[] serialize() throws IOException {
        return JsonBody.utf8(message.webhookBody());
    }
}
