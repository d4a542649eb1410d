package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    @Test
    void format_recordWithParametersAndError_isOneJsonLine() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "tenant {0}: delivery to {1} failed");
        r.setParameters(new Object[] {"acme", "webhook:ops"});
        r.setLoggerName("io.alertgate.delivery");
        r.setThrown(new IllegalStateException("boom \"quoted\"\nnext line"));
        String line = new JsonLogFormatter().format(r);
        assertEquals(1, line.strip().lines().count(), line);
        Map<String, Object> json = JSON.std.mapFrom(line);
        assertEquals("WARN", json.get("level"));
        assertEquals("delivery", json.get("component"));
        assertEquals("tenant acme: delivery to webhook:ops failed", json.get("message"));
        assertTrue(((String) json.get("error")).contains("boom \"quoted\""));
        assertTrue(json.get("timestamp").toString().endsWith("Z"));
    }
}
