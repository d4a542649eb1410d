package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the admin endpoints: a caller presenting {@code Authorization: Bearer <admin token>},
 * or the status page's session cookie, which {@link #login} issues for the right token.
 *
 * <p><b>The cookie.</b> Its value is {@code base64url(HMAC-SHA256(k, token))} with {@code k} drawn
 * at random when the listener starts, so the cookie proves the token was presented to this process
 * without being the token: it is useless against another replica, dies with a restart, and never
 * lets the page's JavaScript see the token (it is {@code HttpOnly}). Every right token is the same
 * string, so every session has the same value, remembered at the first login; a cookie is then
 * checked in constant time without the token ever reaching this package. {@code SameSite=Strict}
 * keeps other sites' pages from riding it, and a state-changing request made with the cookie must
 * also carry {@value #CSRF_HEADER} (which a cross-site form cannot set).
 */
final class AdminAuth {
    static final String COOKIE = "alertgate_session";
    /** Header a cookie-authenticated POST must carry (any value); a plain HTML form cannot add it. */
    static final String CSRF_HEADER = "X-Alertgate-Csrf";
    /** How long the browser keeps a session cookie. */
    static final Duration SESSION_MAX_AGE = Duration.ofHours(8);
    private static final String BEARER = "Bearer ";
    private static final int KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final Optional<AdminAccess> admin;
    private final SecretKeySpec key;
    /** The session value, set at the first successful login; null before. */
    private final AtomicReference<byte[]> session = new AtomicReference<>();

    AdminAuth(Optional<AdminAccess> admin) {
        this.admin = admin;
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, HMAC);
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
            return auth.startsWith(BEARER) && admin.get().tokenCheck().test(auth.substring(BEARER.length()));
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
        byte[] value = hmac(token);
        session.compareAndSet(null, value);
        return Optional.of(COOKIE + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(value)
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + SESSION_MAX_AGE.toSeconds());
    }

    /** The {@code Set-Cookie} value that makes the browser forget the session. */
    static String logout() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private boolean validSession(String value) {
        byte[] expected = session.get();
        if (expected == null) return false;
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented);
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

    private byte[] hmac(String token) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
