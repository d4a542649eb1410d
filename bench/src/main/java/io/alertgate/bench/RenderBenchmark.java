package io.alertgate.bench;

import io.alertgate.alert.AlertGroup;
import io.alertgate.template.NotificationView;
import io.alertgate.template.Rendered;
import io.alertgate.template.TemplateEngine;
import io.alertgate.template.TemplateException;
import io.alertgate.template.ViewModels;
import java.util.Map;
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
 * The group's view model, and that view rendered through the built-in Mustache layout (compiled once, in setup).
 *
 * <p>Run: {@code bench/run-jmh RenderBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar RenderBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RenderBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private AlertGroup group;
    private TemplateEngine engine;
    private NotificationView view;

    @Setup
    public void setUp() throws TemplateException {
        group = Fixtures.group(alerts);
        engine = TemplateEngine.compile(Map.of(), Fixtures.CLOCK);
        view = ViewModels.build(group, Fixtures.TENANT, "prod", "en", Fixtures.CLOCK);
    }

    /** The view model alone: labels, durations, silence links per alert. */
    @Benchmark
    public NotificationView viewModel() {
        return ViewModels.build(group, Fixtures.TENANT, "prod", "en", Fixtures.CLOCK);
    }

    /** Mustache alone, on a view built in setup. */
    @Benchmark
    public Rendered template() {
        return engine.render(TemplateEngine.DEFAULT_TEMPLATE_NAME, view);
    }

    /** What the pipeline does per group: build the view, then render it. */
    @Benchmark
    public Rendered viewModelAndTemplate() {
        NotificationView v = ViewModels.build(group, Fixtures.TENANT, "prod", "en", Fixtures.CLOCK);
        return engine.render(TemplateEngine.DEFAULT_TEMPLATE_NAME, v);
    }
}
