package io.alertgate.bench;

import io.alertgate.slack.BlockKitFormatter;
import io.alertgate.slack.SlackMessage;
import io.alertgate.template.NotificationView;
import io.alertgate.template.TemplateEngine;
import io.alertgate.template.ViewModels;
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
 * Rendered mrkdwn and view to a Block Kit message within Slack's limits (sections, truncation, escaping).
 *
 * <p>Run: {@code bench/run-jmh FormatBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar FormatBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FormatBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private final BlockKitFormatter formatter = new BlockKitFormatter();
    private NotificationView view;
    private String body;

    @Setup
    public void setUp() {
        view = ViewModels.build(Fixtures.group(alerts), Fixtures.TENANT, "prod", "en", Fixtures.CLOCK);
        body = TemplateEngine.defaults(Fixtures.CLOCK).render(TemplateEngine.DEFAULT_TEMPLATE_NAME, view).text();
    }

    @Benchmark
    public SlackMessage format() {
        return formatter.format(view, body);
    }
}
