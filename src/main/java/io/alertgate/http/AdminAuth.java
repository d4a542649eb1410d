package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import io.alertgate.resilience.NanoClock;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the admin endpoints: a caller presenting {@code Authorization: Bearer <admin token>},
 * or the status page's session cookie, which {@link #login} issues for the right token.
 *
 * <p><b>The cookie.</b> Each login draws a fresh random session id (32 bytes); the server keeps
 * only its SHA-256 digest with an expiry ({@link #SESSION_MAX_AGE}), so a session ends on the
 * server — at logout, at expiry, at restart — and not only in the browser, and a leaked cookie can
 * be revoked by logging it out. The cookie is not the token, is useless against another replica,
 * and the page's JavaScript never sees it ({@code HttpOnly}). At most {@link #MAX_SESSIONS} live
 * at once (expired ones are dropped first, then the oldest). {@code SameSite=Strict} keeps other
 * sites' pages from riding it, and a state-changing request made with the cookie must also carry
 * {@value #CSRF_HEADER} (which a cross-site form cannot set).
 */
final class AdminAuth {
    static final String COOKIE = "alertgate_session";
    /** Header a cookie-authenticated POST must carry (any value); a plain HTML form cannot add it. */
    static final String CSRF_HEADER = "X-Alertgate-Csrf";
    /** How long a session lives, on the server and in the browser. */
    static final Duration SESSION_MAX_AGE = Duration.ofHours(8);
    /** Most sessions alive at once; a bound, so that logins cannot grow memory. */
    static final int MAX_SESSIONS = 1_000;
    private static final String BEARER = "Bearer ";
    private static final int KEY_BYTES = 32;

    private final Optional<AdminAccess> admin;
    private final NanoClock clock;
    private final SecureRandom random = new SecureRandom();
    /** base64url(SHA-256(session id)) → expiry on {@link #clock}. */
    private final ConcurrentHashMap<String, Long> sessions = new ConcurrentHashMap<>();

    AdminAuth(Optional<AdminAccess> admin) {
        this(admin, NanoClock.system());
    }

    AdminAuth(Optional<AdminAccess> admin, NanoClock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Whether an admin token is configured; without one every admin endpoint answers 404. */
    boolean enabled() {
        return admin.isPresent();
    }

    /**
     * Answers 404 (no admin token configured) or 401 (no valid token or cookie) and returns empty;
     * otherwise returns the admin parts. The caller has drained the request body.
     */
    Optional<AdminAccess> require(HttpExchange exchange) throws IOException {
        if (admin.isEmpty()) {
            Json.error(exchange, 404, "not found", "");
            return Optional.empty();
        }
        if (!authorized(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            Json.error(exchange, 401, "admin token required", "Authorization");
            return Optional.empty();
        }
        return admin;
    }

    /** A valid bearer token, or a valid session cookie (plus {@value #CSRF_HEADER} unless GET/HEAD). */
    boolean authorized(HttpExchange exchange) {
        if (admin.isEmpty()) return false;
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            // The auth scheme is case-insensitive (RFC 9110 §11.1), as the tenant check already treats it.
            return auth.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    && admin.get().tokenCheck().test(auth.substring(BEARER.length()));
        }
        Optional<String> cookie = cookie(exchange);
        if (cookie.isEmpty() || !validSession(cookie.get())) return false;
        String method = exchange.getRequestMethod();
        return method.equals("GET") || method.equals("HEAD")
                || exchange.getRequestHeaders().getFirst(CSRF_HEADER) != null;
    }

    /** The {@code Set-Cookie} value of a new session when {@code token} is the admin token; empty otherwise. */
    Optional<String> login(String token) {
        if (admin.isEmpty() || token == null || !admin.get().tokenCheck().test(token)) return Optional.empty();
        byte[] id = new byte[KEY_BYTES];
        random.nextBytes(id);
        long now = clock.nanoTime();
        if (sessions.size() >= MAX_SESSIONS) evict(now);
        sessions.put(digest(id), now + SESSION_MAX_AGE.toNanos());
        return Optional.of(COOKIE + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(id)
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + SESSION_MAX_AGE.toSeconds());
    }

    /**
     * Ends the session the request presents (on the server: the cookie stops working everywhere)
     * and returns the {@code Set-Cookie} value that makes the browser forget it.
     */
    String logout(HttpExchange exchange) {
        cookie(exchange).flatMap(AdminAuth::decode).ifPresent(id -> sessions.remove(digest(id)));
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private boolean validSession(String value) {
        Optional<byte[]> id = decode(value);
        if (id.isEmpty()) return false;
        String key = digest(id.get());
        Long expires = sessions.get(key);
        if (expires == null) return false;
        if (clock.nanoTime() - expires >= 0) {
            sessions.remove(key, expires);
            return false;
        }
        return true;
    }

    /** Drops expired sessions; if none had expired, the one closest to expiry (the oldest). */
    private void evict(long now) {
        sessions.entrySet().removeIf(e -> now - e.getValue() >= 0);
        if (sessions.size() < MAX_SESSIONS) return;
        sessions.entrySet().stream().min(java.util.Map.Entry.comparingByValue())
                .ifPresent(oldest -> sessions.remove(oldest.getKey(), oldest.getValue()));
    }

    private static Optional<byte[]> decode(String value) {
        try {
            byte[] id = Base64.getUrlDecoder().decode(value);
            return id.length == KEY_BYTES ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) return Optional.of(p.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The map key of a session id: its digest, so the live ids themselves are not kept. */
    private static String digest(byte[] id) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(id));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
