package io.alertgate.bench;

import io.alertgate.alert.AlertGroup;
import io.alertgate.route.RouteDecision;
import io.alertgate.route.Router;
import java.util.List;
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
 * One group to its deliveries under the tenant's routing rules ({@link Fixtures#CONFIG}).
 *
 * <p>Run: {@code bench/run-jmh RouteBenchmark} (or, after a build,
 * {@code java -jar bench/target/benchmarks.jar RouteBenchmark -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouteBenchmark {
    @Param({"1", "5", "50", "200"})
    int alerts;

    private Router router;
    private AlertGroup group;

    @Setup
    public void setUp() {
        router = new Router(Fixtures.config().tenants().get(Fixtures.TENANT));
        group = Fixtures.group(alerts);
    }

    @Benchmark
    public List<RouteDecision> route() {
        return router.route(group);
    }
}
