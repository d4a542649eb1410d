package io.alertgate.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.alertgate.pipeline.Pipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The public HTTP listener: {@code com.sun.net.httpserver.HttpServer} with one virtual thread per
 * request. Routes: {@code POST /api/v1/alerts/{tenant}}, {@code GET /healthz}, {@code GET /readyz}, and
 * behind the admin token (or the status page's session cookie) {@code GET /api/v1/deadletters},
 * {@code POST /api/v1/deadletters/{id}/replay}, {@code GET /api/v1/destinations}, and the status page {@code /ui/}.
 */
public final class HttpApi implements AutoCloseable {
    /** Connections waiting to be accepted; the JDK default (50) is low for an alert storm. */
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final IngressGuard guard;

    private HttpApi(HttpServer server, ExecutorService executor, IngressGuard guard) {
        this.server = server;
        this.executor = executor;
        this.guard = guard;
    }

    /**
     * Binds and starts the listener with every part.
     *
     * @param pipeline the current pipeline (a reload swaps what this supplies)
     * @param ready whether {@code /readyz} answers 200 (config loaded, not draining)
     * @param admin the admin endpoints' parts; empty: they answer 404
     * @param escalations read per request (a reload changes the signing secrets and Alertmanager
     *     clients it supplies); present: {@code POST /slack/interactions}, {@code GET /api/v1/escalations}
     *     and {@code POST /api/v1/escalations/{id}/ack} (admin token)
     * @param guard the per-source rate limit and concurrency cap on every path but the probes, tenant
     *     auth on the webhook path, an audit on the admin paths, and the TLS configurator when set
     * @param observability answers {@code GET /metrics}, {@code GET /health}, {@code GET /api/v1/profile},
     *     {@code GET /api/v1/trace} and {@code /api/v1/log-levels}
     * @throws IOException when the address cannot be bound
     */
    public static HttpApi start(String host, int port, Supplier<Pipeline> pipeline, BooleanSupplier ready,
            Optional<AdminAccess> admin, Supplier<Optional<EscalationAccess>> escalations, IngressGuard guard,
            Observability observability)
            throws IOException {
        HttpServer server;
        if (guard.tls().isPresent()) {
            var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(host, port), BACKLOG);
            https.setHttpsConfigurator(guard.tls().get());
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        var alerts = server.createContext(AlertsHandler.PREFIX, Handlers.methods(Set.of("POST"),
                new AlertsHandler(pipeline, observability.metrics())));
        AdminAuth adminAuth = new AdminAuth(admin);
        var metrics = server.createContext("/metrics", Handlers.methods(Set.of("GET", "HEAD"),
                ObservabilityHandlers.metrics(observability)));
        var health = server.createContext("/health", Handlers.methods(Set.of("GET"),
                ObservabilityHandlers.health(adminAuth, observability)));
        var profile = server.createContext("/api/v1/profile", Handlers.methods(Set.of("GET"),
                ObservabilityHandlers.profile(adminAuth, observability)));
        var trace = server.createContext("/api/v1/trace", Handlers.methods(Set.of("GET"),
                ObservabilityHandlers.trace(adminAuth, observability)));
        var logLevels = server.createContext(LogLevelsHandler.PREFIX, Handlers.methods(Set.of("GET", "PUT"),
                LogLevelsHandler.guarded(admin)));
        var deadLetters = server.createContext(DeadLettersHandler.PREFIX, Handlers.methods(Set.of("GET", "POST"),
                new DeadLettersHandler(adminAuth)));
        var destinations = server.createContext(DestinationsHandler.PREFIX, Handlers.methods(Set.of("GET", "HEAD"),
                new DestinationsHandler(adminAuth)));
        var ui = server.createContext(UiHandler.PREFIX, Handlers.methods(Set.of("GET", "HEAD", "POST"),
                new UiHandler(adminAuth, guard.audit(), guard.trustedProxy())));
        var interactions = server.createContext(SlackInteractionsHandler.PATH, Handlers.methods(Set.of("POST"),
                new SlackInteractionsHandler(escalations)));
        var escalationsApi = server.createContext(EscalationsHandler.PREFIX, Handlers.methods(Set.of("GET", "POST"),
                new EscalationsHandler(adminAuth, escalations)));
        var healthz = server.createContext("/healthz", Handlers.methods(Set.of("GET", "HEAD"),
                exchange -> Json.send(exchange, 200, Map.of("status", "ok"))));
        var readyz = server.createContext("/readyz", Handlers.methods(Set.of("GET", "HEAD"), exchange -> {
            if (!ready.getAsBoolean()) {
                Json.send(exchange, 503, Map.of("status", "not ready", "error", "draining"));
                return;
            }
            Optional<String> why = observability.notReady().get();
            if (why.isPresent()) Json.send(exchange, 503, Map.of("status", "not ready", "error", why.get()));
            else Json.send(exchange, 200, Map.of("status", "ready"));
        }));
        var fallback = server.createContext("/", Handlers.methods(Set.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH"),
                exchange -> Json.error(exchange, 404, "not found", "")));
        healthz.getFilters().add(RequestIds.FILTER);
        readyz.getFilters().add(RequestIds.FILTER);
        guard(guard, alerts, List.of(deadLetters, escalationsApi, health, profile, trace, logLevels, destinations),
                List.of(interactions, metrics, ui, fallback));
        server.start();
        return new HttpApi(server, executor, guard);
    }

    /**
     * Adds {@code POST /-/reload} (admin token; 404 without one). Called once, after start, by the
     * app when it serves a config file.
     */
    public void enableReload(Optional<AdminAccess> admin, ConfigReload reload) {
        HttpContext ctx = server.createContext(ReloadHandler.PATH, Handlers.methods(Set.of("POST"), new ReloadHandler(admin, reload)));
        guard(guard, null, List.of(ctx), List.of());
    }

    /** Puts {@code guard}'s filters on every context but the liveness and readiness probes. */
    private static void guard(IngressGuard guard, HttpContext alerts, List<HttpContext> admin, List<HttpContext> others) {
        var rate = guard.perSource().map(c -> new IngressFilters.SourceRateLimit(c, guard.clock(), guard.trustedProxy()));
        var cap = new IngressFilters.ConcurrencyLimit(guard.maxConcurrentRequests(), guard.maxBodyBytes());
        if (alerts != null) {
            alerts.getFilters().add(RequestIds.FILTER);
            // Tenant auth before the cap: a refused address or credential must not reserve any of
            // the body budget, or unauthenticated clients could keep authorised webhooks out.
            rate.ifPresent(alerts.getFilters()::add);
            alerts.getFilters().add(new IngressFilters.TenantAuth(guard.tenantAccess(), guard.trustedProxy(), guard.audit()));
            alerts.getFilters().add(cap);
        }
        List<HttpContext> rest = new java.util.ArrayList<>(admin);
        rest.addAll(others);
        for (HttpContext ctx : rest) {
            ctx.getFilters().add(RequestIds.FILTER);
            rate.ifPresent(ctx.getFilters()::add);
            ctx.getFilters().add(cap);
        }
        for (HttpContext ctx : admin) ctx.getFilters().add(new IngressFilters.AdminAudit(guard.trustedProxy(), guard.audit()));
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, waits up to {@code grace} for requests in flight, then closes. */
    public void stop(Duration grace) {
        server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
        executor.shutdown();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
