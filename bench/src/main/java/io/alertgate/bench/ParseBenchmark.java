package io.alertgate.bench;

import io.alertgate.alert.AlertGroup;
import io.alertgate.ingest.IngestException;
import io.alertgate.ingest.IngestLimits;
import io.alertgate.ingest.WebhookParser;
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
 * Webhook body bytes to an {@link AlertGroup}: strict UTF-8, limits, jackson-jr reading, field validation.
 *
 * <p>Run: {@code bench/run-jmh ParseBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar ParseBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ParseBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private WebhookParser parser;
    private byte[] body;

    @Setup
    public void setUp() {
        parser = new WebhookParser(IngestLimits.defaults());
        body = Fixtures.payload(alerts);
    }

    @Benchmark
    public AlertGroup parse() throws IngestException {
        return parser.parse(body);
    }
}
