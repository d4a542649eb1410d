package io.alertgate.app;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.delivery.LogContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One JSON object per log line on stderr — {@code timestamp} (RFC 3339, UTC), {@code level},
 * {@code component} (the logger name without {@code io.alertgate.}), {@code tenant_id} and
 * {@code correlation_id} (when the thread works on one notification, from {@link LogContext}),
 * {@code message}, and
 * {@code error} (exception class and message, stack trace as {@code stack}) — so journald, Loki or
 * any log shipper can parse them. Backs {@link System.Logger} through java.util.logging, which the
 * JDK ships: no logging library to configure or to reflect on in the native image.
 */
public final class JsonLogFormatter extends Formatter {

    /** Routes the root logger to stderr as JSON lines, at INFO. */
    public static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        if (LogManager.getLogManager() instanceof JsonLogManager manager) manager.keepHandlersAtShutdown();
    }

    @Override
    public String format(LogRecord r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
        line.put("level", level(r.getLevel()));
        String name = r.getLoggerName() == null ? "" : r.getLoggerName();
        line.put("component", name.startsWith("io.alertgate.") ? name.substring("io.alertgate.".length()) : name);
        LogContext.Fields context = LogContext.current();
        if (!context.tenantId().isEmpty()) line.put("tenant_id", context.tenantId());
        if (!context.correlationId().isEmpty()) line.put("correlation_id", context.correlationId());
        line.put("message", formatMessage(r));
        if (r.getThrown() != null) {
            Throwable t = r.getThrown();
            line.put("error", t.getClass().getName() + ": " + t.getMessage());
            StringWriter stack = new StringWriter();
            t.printStackTrace(new PrintWriter(stack));
            line.put("stack", stack.toString());
        }
        try {
            return JSON.std.asString(line) + System.lineSeparator();
        } catch (IOException e) {
            return "{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}" + System.lineSeparator();
        }
    }

    /** System.Logger level names (what operators filter on), not java.util.logging's. */
    private static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARN";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }
}
