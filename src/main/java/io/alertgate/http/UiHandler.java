package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The operator status page under {@code /ui/}: three static files (HTML, CSS, JavaScript) read from
 * this package's resources, plus {@code POST /ui/login} (form field {@code token}: the admin token,
 * exchanged for the session cookie, then 303 to {@code /ui/}; a wrong token gets 303 to
 * {@code /ui/?login=failed}) and {@code POST /ui/logout}. The files hold no data: the page's script
 * reads the admin API with the cookie. Without a configured admin token all of it answers 404.
 */
final class UiHandler implements HttpHandler {
    static final String PREFIX = "/ui";
    private static final String RESOURCES = "ui/";
    /** Largest login form accepted: a token is short. */
    private static final int MAX_FORM_BYTES = 4096;
    /** Only our own files, no inline script or style, never framed. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> FILES = Map.of(
            "/ui/", "index.html",
            "/ui/index.html", "index.html",
            "/ui/app.js", "app.js",
            "/ui/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final AdminAuth auth;
    private final AuditTrail audit;
    private final java.util.function.Predicate<java.net.InetAddress> trustedProxy;

    /** {@code audit} is told of every refused login ({@code auth.failure}, source address, no token). */
    UiHandler(AdminAuth auth, AuditTrail audit, java.util.function.Predicate<java.net.InetAddress> trustedProxy) {
        this.auth = auth;
        this.audit = audit;
        this.trustedProxy = trustedProxy;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!auth.enabled()) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/ui/login") || path.equals("/ui/logout")) {
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                Json.error(exchange, 405, "method not allowed; use POST", "");
                return;
            }
            if (body.length > MAX_FORM_BYTES) {
                Json.error(exchange, 413, "form too large", "token");
                return;
            }
            if (path.equals("/ui/logout")) {
                redirect(exchange, "/ui/", auth.logout(exchange));
                return;
            }
            Optional<String> token = Query.param(new String(body, StandardCharsets.UTF_8), "token");
            Optional<String> cookie = token.flatMap(auth::login);
            if (cookie.isPresent()) {
                redirect(exchange, "/ui/", cookie.get());
            } else {
                audit.record("auth.failure", Map.of("source", ClientAddress.of(exchange, trustedProxy).getHostAddress(),
                        "tenant", "", "reason", "wrong or missing admin token", "path", path));
                redirect(exchange, "/ui/?login=failed", null);
            }
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            Json.error(exchange, 405, "method not allowed; use GET", "");
            return;
        }
        if (path.equals(PREFIX)) {
            redirect(exchange, "/ui/", null);
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            Json.error(exchange, 404, "not found", "");
            return;
        }
        byte[] bytes;
        try (InputStream in = UiHandler.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) throw new IllegalStateException("status page resource missing: " + file);
            bytes = in.readAllBytes();
        }
        var h = exchange.getResponseHeaders();
        h.set("Content-Type", TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
        h.set("Cache-Control", "no-store");
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, String location, String setCookie) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (setCookie != null) exchange.getResponseHeaders().set("Set-Cookie", setCookie);
        exchange.sendResponseHeaders(303, -1);
    }
}
