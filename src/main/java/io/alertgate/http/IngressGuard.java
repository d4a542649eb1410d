package io.alertgate.http;

import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What protects the listener, built by {@code app} from {@code server} and the tenants' {@code auth}.
 *
 * @param trustedProxy peers whose {@code X-Forwarded-For} is believed ({@code server.trusted_proxies})
 * @param maxConcurrentRequests requests handled at once; beyond, 503 with {@code Retry-After}
 * @param maxBodyBytes the webhook body limit; bodies in flight may hold {@code maxConcurrentRequests ×} this
 * @param perSource token bucket per client address; empty = no limit; beyond it, 429
 * @param tenantAccess the access rule of a tenant id (the current config's); unknown tenants: empty
 * @param audit told of auth failures and replays
 * @param clock for the per-source buckets
 * @param tls present: the listener is an {@code HttpsServer} configured by it (protocols, client
 *     certificates); empty: plain HTTP
 */
public record IngressGuard(
        Predicate<InetAddress> trustedProxy,
        int maxConcurrentRequests,
        long maxBodyBytes,
        Optional<TokenBucket.Config> perSource,
        Function<String, Optional<TenantAccess>> tenantAccess,
        AuditTrail audit,
        NanoClock clock,
        Optional<com.sun.net.httpserver.HttpsConfigurator> tls) {
    /** Effectively unlimited: the behaviour before the guard existed. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Without a guard, the listener's usual 4 MiB limit sizes the (then unbounded) body budget. */
    static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    public IngressGuard {
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        Objects.requireNonNull(perSource, "perSource");
        Objects.requireNonNull(tenantAccess, "tenantAccess");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tls, "tls");
        if (maxConcurrentRequests < 1) throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
    }

    /** A plain-HTTP listener's guard. */
    public IngressGuard(Predicate<InetAddress> trustedProxy, int maxConcurrentRequests, long maxBodyBytes,
            Optional<TokenBucket.Config> perSource, Function<String, Optional<TenantAccess>> tenantAccess, AuditTrail audit,
            NanoClock clock) {
        this(trustedProxy, maxConcurrentRequests, maxBodyBytes, perSource, tenantAccess, audit, clock, Optional.empty());
    }

    /** No proxies, no limits, every tenant open. */
    public static IngressGuard open() {
        return new IngressGuard(a -> false, UNLIMITED, DEFAULT_MAX_BODY_BYTES, Optional.empty(), t -> Optional.empty(), AuditTrail.NONE,
                NanoClock.system());
    }
}
