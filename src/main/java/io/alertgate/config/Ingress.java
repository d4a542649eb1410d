package io.alertgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code server} keys that protect the listener: who counts as a proxy, how many requests run
 * at once, how fast one source may post, and the JDK HTTP server's timeouts and header limits.
 *
 * @param trustedProxies {@code trusted_proxies}: peers whose {@code X-Forwarded-For} is believed;
 *     empty = the TCP peer is always the client
 * @param maxConcurrentRequests {@code max_concurrent_requests}: requests handled at once; beyond,
 *     503 with {@code Retry-After} at once (each may buffer up to {@code max_body_bytes})
 * @param sourceRequestsPerSecond {@code source_rate_limit.requests_per_second}: per client address;
 *     0 = no limit
 * @param sourceBurst {@code source_rate_limit.burst}: requests one address may send at once
 * @param requestTimeout {@code request_timeout_seconds}: headers and body must arrive within it
 *     (JDK {@code sun.net.httpserver.maxReqTime}); a slowloris connection is closed after it
 * @param responseTimeout {@code response_timeout_seconds}: the answer must be written within it
 *     ({@code sun.net.httpserver.maxRspTime})
 * @param idleTimeout {@code idle_timeout_seconds}: a kept-alive connection with no request is
 *     closed after it ({@code sun.net.httpserver.idleInterval})
 * @param maxHeaderCount {@code max_header_count} ({@code sun.net.httpserver.maxReqHeaders})
 * @param maxHeaderBytes {@code max_header_bytes}: names + values + 32 per header
 *     ({@code sun.net.httpserver.maxReqHeaderSize})
 * @param maxConnections {@code max_connections}: open connections at most
 *     ({@code jdk.httpserver.maxConnections}); more are closed on accept
 * @param tls {@code tls}: serve HTTPS (and optionally require client certificates); empty = plain HTTP
 */
public record Ingress(
        List<Cidr> trustedProxies,
        int maxConcurrentRequests,
        double sourceRequestsPerSecond,
        int sourceBurst,
        Duration requestTimeout,
        Duration responseTimeout,
        Duration idleTimeout,
        int maxHeaderCount,
        int maxHeaderBytes,
        int maxConnections,
        Optional<TlsListener> tls) {

    /**
     * Handling is CPU-bound (parse, route, render: about a millisecond for a usual payload), so a
     * few handlers keep two cores busy; 16 × the 4 MiB body limit bounds buffered bodies at 64 MiB.
     * Measured: 300 concurrent 4 MiB posts peak at 2.3 GB RSS with 64, see the README.
     */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
    /** Off: one Alertmanager cluster is one source, and its bursts are legitimate. */
    public static final double DEFAULT_SOURCE_REQUESTS_PER_SECOND = 0;
    public static final int DEFAULT_SOURCE_BURST = 100;
    /** Alertmanager sends a whole webhook at once; 30 s is generous for 4 MiB on a slow link. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Above the slowest acceptance (a Redis write) with margin; Alertmanager's own timeout is 10 s by default. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** The JDK's default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Alertmanager sends fewer than 10 headers. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    public Ingress {
        trustedProxies = List.copyOf(trustedProxies);
        java.util.Objects.requireNonNull(tls, "tls");
    }

    /** Plain HTTP (no {@code tls}). */
    public Ingress(List<Cidr> trustedProxies, int maxConcurrentRequests, double sourceRequestsPerSecond, int sourceBurst,
            Duration requestTimeout, Duration responseTimeout, Duration idleTimeout, int maxHeaderCount, int maxHeaderBytes,
            int maxConnections) {
        this(trustedProxies, maxConcurrentRequests, sourceRequestsPerSecond, sourceBurst, requestTimeout, responseTimeout,
                idleTimeout, maxHeaderCount, maxHeaderBytes, maxConnections, Optional.empty());
    }

    public static Ingress defaults() {
        return new Ingress(List.of(), DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_SOURCE_REQUESTS_PER_SECOND,
                DEFAULT_SOURCE_BURST, DEFAULT_REQUEST_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONNECTIONS);
    }
}
