package io.alertgate.app;

import io.alertgate.config.Cidr;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.InboundAuth;
import io.alertgate.config.Ingress;
import io.alertgate.config.TenantConfig;
import io.alertgate.http.AuditTrail;
import io.alertgate.http.IngressGuard;
import io.alertgate.http.TenantAccess;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Turns the {@code server} protection keys and the tenants' {@code auth} into the listener's guard. */
final class IngressWiring {
    private IngressWiring() {}

    /**
     * Sets the JDK HTTP server's limits from {@code ingress}. The JDK reads these system properties
     * once, when the first server of the process is created, so this must run before any
     * {@code HttpServer} exists; {@code alertgate serve} does that. A value already given with
     * {@code -D} wins (an operator's explicit override).
     */
    static void applyServerProperties(Ingress ingress) {
        set("sun.net.httpserver.maxReqTime", ingress.requestTimeout().toSeconds());
        set("sun.net.httpserver.maxRspTime", ingress.responseTimeout().toSeconds());
        set("sun.net.httpserver.idleInterval", ingress.idleTimeout().toSeconds());
        set("sun.net.httpserver.maxReqHeaders", ingress.maxHeaderCount());
        set("sun.net.httpserver.maxReqHeaderSize", ingress.maxHeaderBytes());
        set("jdk.httpserver.maxConnections", ingress.maxConnections());
        // TCP_NODELAY on accepted connections: without it a TLS answer's last record waits for the
        // client's delayed ACK (~40 ms per new connection, measured with curl; see the README's TLS section).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * The listener's TLS material for {@code server.tls}, loaded now so that a bad file stops
     * {@code serve} at start; empty without {@code server.tls}.
     *
     * @throws io.alertgate.tls.TlsException when a file is unreadable, malformed or the key does not match
     */
    static Optional<io.alertgate.tls.ServerTls> tls(Ingress ingress) {
        return ingress.tls().map(t -> io.alertgate.tls.ServerTls.load(
                new io.alertgate.tls.ServerTls.Settings(t.certFile(), t.keyFile(), t.clientCaFile(), t.minVersion())));
    }

    private static void set(String key, long value) {
        if (System.getProperty(key) == null) System.setProperty(key, Long.toString(value));
    }

    /** The guard for {@code current} config (re-read on each request, so a reload takes effect). */
    static IngressGuard guard(GatewayConfig config, Supplier<GatewayConfig> current, AuditTrail audit) {
        return guard(config, current, audit, Optional.empty());
    }

    /** As above, serving HTTPS with {@code tls} when present. */
    static IngressGuard guard(GatewayConfig config, Supplier<GatewayConfig> current, AuditTrail audit,
            Optional<io.alertgate.tls.ServerTls> tls) {
        Ingress in = config.server().ingress();
        Predicate<InetAddress> trusted = anyOf(in.trustedProxies());
        Optional<TokenBucket.Config> perSource = in.sourceRequestsPerSecond() > 0
                ? Optional.of(new TokenBucket.Config(in.sourceRequestsPerSecond(), in.sourceBurst()))
                : Optional.empty();
        var cache = new Object() {
            GatewayConfig seen;
            Map<String, TenantAccess> access = Map.of();
        };
        return new IngressGuard(trusted, in.maxConcurrentRequests(), config.server().maxBodyBytes(), perSource, tenant -> {
            GatewayConfig c = current.get();
            Map<String, TenantAccess> map;
            synchronized (cache) {
                if (cache.seen != c) {
                    cache.access = accessByTenant(c);
                    cache.seen = c;
                }
                map = cache.access;
            }
            return Optional.ofNullable(map.get(tenant));
        }, new AuthFailureAudit(audit, NanoClock.system(), AuthFailureAudit.DEFAULT_WINDOW), NanoClock.system(),
                tls.map(io.alertgate.tls.ServerTls::configurator));
    }

    static Map<String, TenantAccess> accessByTenant(GatewayConfig config) {
        Map<String, TenantAccess> out = new HashMap<>();
        for (TenantConfig t : config.tenants().values()) out.put(t.id(), access(t.auth()));
        return out;
    }

    /** Checks built from {@code auth}; every comparison is constant-time over the bytes. */
    static TenantAccess access(InboundAuth auth) {
        Predicate<String> bearer = auth.bearerToken()
                .map(s -> equalsConstantTime(s.reveal()))
                .orElse(t -> false);
        java.util.function.BiPredicate<String, String> basic = (u, p) -> false;
        if (auth.basicUsername().isPresent()) {
            Predicate<String> user = equalsConstantTime(auth.basicUsername().get());
            Predicate<String> password = equalsConstantTime(auth.basicPassword().orElseThrow().reveal());
            // Both always compared (non-short-circuit &), so timing does not tell which one was wrong.
            basic = (u, p) -> user.test(u) & password.test(p);
        }
        Predicate<InetAddress> address = auth.allowedCidrs().isEmpty() ? a -> true : anyOf(auth.allowedCidrs());
        return new TenantAccess(bearer, basic, auth.requiresCredentials(), auth.basicUsername().isPresent(), address,
                java.util.Set.copyOf(auth.clientCertSubjects()));
    }

    /**
     * Compares SHA-256 digests with {@link MessageDigest#isEqual}: constant time, and the digests'
     * equal length hides the secret's length too.
     */
    private static Predicate<String> equalsConstantTime(String expected) {
        byte[] want = sha256(expected);
        return presented -> MessageDigest.isEqual(want, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Predicate<InetAddress> anyOf(List<Cidr> blocks) {
        List<Cidr> copy = List.copyOf(blocks);
        return a -> {
            for (Cidr c : copy) if (c.contains(a)) return true;
            return false;
        };
    }
}
