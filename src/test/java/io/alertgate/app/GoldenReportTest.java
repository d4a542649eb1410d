package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.validate.Level;
import io.alertgate.validate.Report;
import io.alertgate.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole reports, text and JSON, against golden files in src/test/resources/io/alertgate/validate/golden.
 * After an intended change, regenerate with {@code ./mvnw test -Dtest=GoldenReportTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenReportTest {
    private static final Path GOLDEN = Path.of("src/test/resources/io/alertgate/validate/golden");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);

    private static void compare(Report report, String name) throws Exception {
        String text = report.text();
        String json = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report.toJson()) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN.resolve(name + ".txt"), text);
            Files.writeString(GOLDEN.resolve(name + ".json"), json);
        }
        assertEquals(Files.readString(GOLDEN.resolve(name + ".txt")), text);
        assertEquals(Files.readString(GOLDEN.resolve(name + ".json")), json);
    }

    /** As {@link Gateway#validator} but without timing renders, so the slow-template hint cannot make a report vary. */
    private static Validator untimed(Map<String, String> env) {
        return new Validator(env, Gateway.secretDecoder(env), env.isEmpty() ? 0 : 1, CLOCK, Validator.builtInSamples());
    }

    @Test
    void seedConfig_atStandard_matchesGoldenReports() throws Exception {
        Map<String, String> env = Map.of("ALERTGATE_KEYS", SeedCompatibilityTest.KEY);
        Report r = untimed(env).validate(SeedCompatibilityTest.SEED, Level.STANDARD).report();
        compare(r, "seed-standard");
    }

    @Test
    void configBreakingEveryLevel_atParanoid_matchesGoldenReports() throws Exception {
        Report r = untimed(Map.of()).validate(GOLDEN.resolve("bad.yaml"), Level.PARANOID).report();
        compare(r, "bad-paranoid");
    }
}
