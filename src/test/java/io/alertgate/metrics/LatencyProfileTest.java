package io.alertgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyProfileTest {
    private static final long MS = 1_000_000;

    @Test
    void snapshot_afterRecording_givesPercentilesInMillisecondsPerStage() {
        LatencyProfile p = new LatencyProfile(List.of("parse", "send"));
        for (int i = 1; i <= 100; i++) p.record("parse", i * MS);
        p.record("send", 250 * MS);
        List<LatencyProfile.StageStats> stats = p.snapshot();
        LatencyProfile.StageStats parse = stats.get(0);
        assertEquals("parse", parse.stage());
        assertEquals(100, parse.count());
        assertEquals(50, parse.p50Ms(), 0.1);
        assertEquals(90, parse.p90Ms(), 0.1);
        assertEquals(99, parse.p99Ms(), 0.1);
        assertEquals(100, parse.maxMs(), 0.1);
        assertEquals(250, stats.get(1).p99Ms(), 0.3);
    }

    @Test
    void toJson_namesTheStageWithTheHighestP99AsSlowest() {
        LatencyProfile p = new LatencyProfile(List.of("parse", "route", "send"));
        p.record("parse", 2 * MS);
        p.record("send", 40 * MS);
        Map<String, Object> json = p.toJson();
        assertEquals("send", json.get("slowest"));
        assertEquals(3, ((List<?>) json.get("stages")).size());
    }

    @Test
    void toJson_withNothingRecorded_namesNoSlowestStage() {
        assertNull(new LatencyProfile(List.of("parse")).toJson().get("slowest"));
    }

    @Test
    void record_ofAnUnknownStage_isIgnored() {
        LatencyProfile p = new LatencyProfile(List.of("parse"));
        p.record("other", MS);
        assertEquals(0, p.snapshot().get(0).count());
        assertEquals(1, p.snapshot().size());
    }

    @Test
    void record_ofAZeroOrNegativeDuration_isClampedToTheLowestTrackedValue() {
        LatencyProfile p = new LatencyProfile(List.of("parse"));
        p.record("parse", 0);
        p.record("parse", -5);
        assertEquals(2, p.snapshot().get(0).count());
        assertEquals(0.001, p.snapshot().get(0).maxMs(), 0.0001);
    }
}
