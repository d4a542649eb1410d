package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import io.alertgate.config.Ingress;
import io.alertgate.config.ServerConfig;
import io.alertgate.config.TenantConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The YAML paths whose change a reload does not apply, because the part that reads them is built
 * once at start: the listener (address, limits, TLS file paths — their contents are re-read), the
 * admin token, the audit file, the drain timeout, the Slack transport's timeout, Redis, token
 * rotation, and the delivery policy of destinations the delivery engine already has (each keeps
 * the token bucket, breaker and retry it was created with; destinations first used after the
 * reload get the new policy).
 *
 * <p>Everything else is read from the serving config at use time and applies at once: tenants,
 * routing, templates, inbound auth, escalation policies, signing secrets, {@code alertmanager}
 * sections and message modes.
 */
final class RestartRequired {
    private RestartRequired() {}

    /**
     * @param started the config the process started with: what the listener, transport, Redis and
     *     token rotation were built from (so a second reload of the same file still names them)
     * @param serving the config serving now: what the destinations in use were last given
     * @param next the config a reload is about to swap in
     * @param tenantsInUse tenants that have at least one destination in the delivery engine
     * @return the changed paths that need a restart, in file order (server, redis, tenants by id); empty: none
     */
    static List<String> paths(GatewayConfig started, GatewayConfig serving, GatewayConfig next, Set<String> tenantsInUse) {
        List<String> out = new ArrayList<>();
        ServerConfig a = started.server();
        ServerConfig b = next.server();
        if (!a.host().equals(b.host()) || a.port() != b.port()) out.add("server.listen");
        changed(out, "server.admin_token", a, b, ServerConfig::adminToken);
        changed(out, "server.max_body_bytes", a, b, ServerConfig::maxBodyBytes);
        changed(out, "server.slack_timeout_ms", a, b, ServerConfig::slackTimeout);
        changed(out, "server.drain_timeout_ms", a, b, ServerConfig::drainTimeout);
        changed(out, "server.audit_file", a, b, ServerConfig::auditFile);
        boolean rotates = started.tenants().values().stream().anyMatch(t -> t.tokenRotation().isPresent());
        if (rotates) changed(out, "server.slack_api_url", a, b, ServerConfig::slackApiUrl);
        Ingress i = a.ingress();
        Ingress j = b.ingress();
        changed(out, "server.trusted_proxies", i, j, Ingress::trustedProxies);
        changed(out, "server.max_concurrent_requests", i, j, Ingress::maxConcurrentRequests);
        if (i.sourceRequestsPerSecond() != j.sourceRequestsPerSecond() || i.sourceBurst() != j.sourceBurst()) {
            out.add("server.source_rate_limit");
        }
        changed(out, "server.request_timeout_seconds", i, j, Ingress::requestTimeout);
        changed(out, "server.response_timeout_seconds", i, j, Ingress::responseTimeout);
        changed(out, "server.idle_timeout_seconds", i, j, Ingress::idleTimeout);
        changed(out, "server.max_header_count", i, j, Ingress::maxHeaderCount);
        changed(out, "server.max_header_bytes", i, j, Ingress::maxHeaderBytes);
        changed(out, "server.max_connections", i, j, Ingress::maxConnections);
        changed(out, "server.tls", i, j, Ingress::tls);
        if (!started.redis().equals(next.redis())) out.add("redis");
        for (String id : next.tenants().keySet().stream().sorted().toList()) {
            TenantConfig u = next.tenant(id).orElseThrow();
            String slack = "tenants." + id + ".environments." + b.environment() + ".slack.";
            Optional<TenantConfig.TokenRotation> rotation = started.tenant(id).flatMap(TenantConfig::tokenRotation);
            if (!rotation.equals(u.tokenRotation())) {
                Optional<TenantConfig.TokenRotation> r = rotation;
                Optional<TenantConfig.TokenRotation> s = u.tokenRotation();
                changed(out, slack + "app_config.refresh_token", r, s, o -> o.map(TenantConfig.TokenRotation::refreshToken));
                changed(out, slack + "app_config.client_id", r, s, o -> o.map(TenantConfig.TokenRotation::clientId));
                changed(out, slack + "app_config.client_secret", r, s, o -> o.map(TenantConfig.TokenRotation::clientSecret));
            }
            Optional<TenantConfig> was = serving.tenant(id);
            if (was.isEmpty() || !tenantsInUse.contains(id)) continue;
            TenantConfig t = was.get();
            changed(out, slack + "rate_limiting", t, u, TenantConfig::rateLimiting);
            changed(out, slack + "circuit_breaker", t, u, TenantConfig::circuitBreaker);
            changed(out, slack + "retry", t, u, TenantConfig::retry);
            changed(out, slack + "storm_digest", t, u, TenantConfig::stormDigest);
            changed(out, slack + "channels.fallback", t, u, TenantConfig::fallback);
        }
        return List.copyOf(out);
    }

    private static <C> void changed(List<String> out, String path, C a, C b, Function<C, ?> field) {
        if (!Objects.equals(field.apply(a), field.apply(b))) out.add(path);
    }
}
