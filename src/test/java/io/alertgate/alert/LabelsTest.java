package io.alertgate.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void builder_pairsInAnyOrder_buildsLabelsSortedByNameAndEqualToOf() {
        Labels.Builder b = new Labels.Builder();
        assertTrue(b.putIfAbsent("severity", "critical"));
        assertTrue(b.putIfAbsent("alertname", "DiskFull"));
        Labels built = b.build();
        assertEquals(List.of("alertname", "severity"), List.copyOf(built.asMap().keySet()));
        assertEquals(Labels.of("alertname", "DiskFull", "severity", "critical"), built);
    }

    @Test
    void builder_repeatedName_isRefusedAndKeepsTheFirstValue() {
        Labels.Builder b = new Labels.Builder();
        b.putIfAbsent("team", "a");
        assertFalse(b.putIfAbsent("team", "b"));
        assertEquals("a", b.build().valueOrEmpty("team"));
    }

    @Test
    void builder_nothingAdded_buildsEmpty() {
        assertSame(Labels.EMPTY, new Labels.Builder().build());
    }

    @Test
    void builder_afterBuild_cannotChangeTheLabels() {
        Labels.Builder b = new Labels.Builder();
        b.putIfAbsent("a", "1");
        Labels built = b.build();
        assertThrows(IllegalStateException.class, () -> b.putIfAbsent("b", "2"));
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(UnsupportedOperationException.class, () -> built.asMap().put("c", "3"));
        assertEquals(1, built.size());
    }
}
