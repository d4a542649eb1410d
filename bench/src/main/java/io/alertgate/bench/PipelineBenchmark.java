package io.alertgate.bench;

import io.alertgate.alert.AlertGroup;
import io.alertgate.ingest.IngestException;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.UnknownTenantException;
import io.alertgate.slack.JsonBody;
import io.alertgate.template.TemplateException;
import java.io.IOException;
import org.openjdk.jmh.infra.Blackhole;
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
 * The whole hot path without I/O: body bytes → parse → route → render → format → JSON body (UTF-8 bytes, as {@code HttpSlackTransport} sends it) per destination, through {@link Pipeline#plan} as the dry run and the HTTP handler use it. The outbox is not involved.
 *
 * <p>Run: {@code bench/run-jmh PipelineBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar PipelineBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PipelineBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private Pipeline pipeline;
    private byte[] body;

    @Setup
    public void setUp() throws TemplateException {
        pipeline = new Pipeline(Fixtures.config(), Fixtures.CLOCK, d -> false);
        body = Fixtures.payload(alerts);
    }

    @Benchmark
    public void parseToJson(Blackhole bh) throws IngestException, UnknownTenantException, IOException {
        AlertGroup group = pipeline.parser().parse(body);
        for (Planned p : pipeline.plan(Fixtures.TENANT, group)) {
            bh.consume(JsonBody.utf8(p.message().webhookBody()));
        }
    }
}
