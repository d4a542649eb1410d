package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.alertgate.delivery.LogContext;
import io.alertgate.ingest.IngestException;
import io.alertgate.ingest.WebhookParser;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.RejectedException;
import io.alertgate.pipeline.UnknownTenantException;
import io.alertgate.metrics.GatewayMetrics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/alerts/{tenant}}: the Alertmanager webhook. Answers 202 once every message is
 * accepted (routed, rendered, enqueued); 4xx with {@code {"error","path"}} for bad input; 404 for an
 * unknown tenant; 503 when the outbox refuses, so Alertmanager retries rather than loses.
 */
final class AlertsHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/alerts/";
    /** Most bytes of an oversized body read (and discarded) before answering 413; see drainQuietly. */
    static final long DRAIN_CAP = 16L * 1024 * 1024;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final System.Logger LOG = System.getLogger("io.alertgate.http");

    private final Supplier<Pipeline> pipeline;
    private final GatewayMetrics metrics;

    AlertsHandler(Supplier<Pipeline> pipeline, GatewayMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String tenant = exchange.getRequestURI().getPath().substring(PREFIX.length());
        Pipeline p = pipeline.get();
        String correlationId = RequestIds.of(exchange);
        if (!TENANT.matcher(tenant).matches() || !p.hasTenant(tenant)) {
            metrics.requestRefused("unknown_tenant");
            Json.error(exchange, 404, "unknown tenant", "tenant");
            return;
        }
        // The scope covers the catch blocks too: their log lines carry the tenant and correlation id.
        try (LogContext.Scope ignored = LogContext.open(tenant, correlationId)) {
            accept(exchange, p, tenant, correlationId);
        }
    }

    private void accept(HttpExchange exchange, Pipeline p, String tenant, String correlationId) throws IOException {
        try {
            WebhookParser.checkContentEncoding(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null) {
                WebhookParser.checkContentLength(parseLength(length), p.parser().limits());
            }
            List<Planned> planned = p.accept(tenant, exchange.getRequestBody(), correlationId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "accepted");
            body.put("messages", planned.size());
            body.put("destinations", planned.stream().map(x -> x.destination().name()).toList());
            Json.send(exchange, 202, body);
        } catch (IngestException e) {
            if (e.status() == 413) drainQuietly(exchange);
            metrics.requestRefused(refusal(e.status()));
            LOG.log(System.Logger.Level.INFO, "tenant {0}: refused webhook ({1}): {2}{3}",
                    tenant, e.status(), e.error(), e.path().isEmpty() ? "" : " at " + e.path());
            Json.error(exchange, e.status(), e.error(), e.path());
        } catch (UnknownTenantException e) {
            metrics.requestRefused("unknown_tenant");
            Json.error(exchange, 404, "unknown tenant", "tenant");
        } catch (RejectedException e) {
            metrics.requestRefused("not_accepted");
            exchange.getResponseHeaders().set("Retry-After", "5");
            Json.error(exchange, 503, "not accepted now, retry: " + e.getMessage(), "");
        }
    }

    /**
     * Reads and discards what is left of a too-large body, up to {@link #DRAIN_CAP}, so that the
     * client — still sending — reads our 413 instead of a connection reset. Past the cap the
     * connection is simply closed: a sender that big gets no more of our time.
     */
    private static void drainQuietly(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("Connection", "close");
            long left = DRAIN_CAP;
            byte[] sink = new byte[8192];
            var in = exchange.getRequestBody();
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) left -= n;
        } catch (IOException ignored) {
            // The client went away; nothing to drain.
        }
    }

    /** The metric label of a refused body, by its HTTP status: a closed set. */
    static String refusal(int status) {
        return switch (status) {
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 400, 422 -> "bad_request";
            default -> "status_" + (status / 100) + "xx";
        };
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
