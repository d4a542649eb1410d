package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTransportTest {

    @Test
    void send_toConsole_printsOneJsonLinePerMessage() {
        var bytes = new ByteArrayOutputStream();
        var transport = new ConsoleTransport(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        var message = new SlackMessage("line one\nline two", List.of(Map.of("type", "divider")), List.of());
        assertTrue(transport.send(new Destination.Console("console"), message).ok());
        assertTrue(transport.send(new Destination.Console("console"), message).ok());
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals("{\"destination\":\"console\",\"text\":\"line one\\nline two\",\"blocks\":[{\"type\":\"divider\"}]}", lines[0]);
    }

    @Test
    void send_toWebhook_isUnsupportedNotThrown() {
        var transport = new ConsoleTransport(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        var result = transport.send(new Destination.Webhook("w", io.alertgate.secrets.Secret.of("https://x")),
                new SlackMessage("t", List.of(), List.of()));
        assertEquals(FailureReason.UNKNOWN, result.reason());
    }
}
