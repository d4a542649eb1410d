package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prints each message for a {@link Destination.Console} as one JSON line — the webhook body plus
 * {@code destination} — so the built-in example and dry runs show exactly what Slack would get.
 */
public final class ConsoleTransport implements SlackTransport {
    private final PrintStream out;

    /** @param out where lines go, usually {@code System.out}; println keeps concurrent lines whole */
    public ConsoleTransport(PrintStream out) {
        this.out = out;
    }

    @Override
    public SendResult send(Destination destination, SlackMessage message) {
        if (!(destination instanceof Destination.Console console)) {
            return SendResult.failed(FailureReason.UNKNOWN, 0, "unsupported_destination", Optional.empty());
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("destination", console.name());
        line.putAll(message.webhookBody());
        try {
            out.println(JSON.std.asString(line));
        } catch (IOException e) {
            return SendResult.failed(FailureReason.UNKNOWN, 0, "", Optional.empty());
        }
        return SendResult.ok(0, "", "");
    }
}
