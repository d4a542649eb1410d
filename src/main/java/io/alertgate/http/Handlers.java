package io.alertgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Set;

/**
 * Small combinators for endpoint handlers, in the spirit of the JDK's {@code HttpHandlers}: each
 * endpoint checks its method (405 with {@code Allow}), and every exchange is closed whatever happens.
 */
final class Handlers {
    private static final System.Logger LOG = System.getLogger("io.alertgate.http");

    private Handlers() {}

    /** Wraps {@code handler} so that only {@code methods} reach it; others get 405 with {@code Allow}. */
    static HttpHandler methods(Set<String> methods, HttpHandler handler) {
        String allow = String.join(", ", methods.stream().sorted().toList());
        return exchange -> {
            // The catch sits inside the try-with-resources on purpose: a resource is closed before the
            // catch clauses of its own try run, so a 500 written there would go to a closed exchange and
            // the client would see a dropped connection instead.
            try (exchange) {
                try {
                    if (!methods.contains(exchange.getRequestMethod())) {
                        exchange.getResponseHeaders().set("Allow", allow);
                        Json.error(exchange, 405, "method not allowed; use " + allow, "");
                        return;
                    }
                    handler.handle(exchange);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "unexpected error in " + exchange.getRequestURI().getPath(), e);
                    tryInternalError(exchange);
                }
            } catch (IOException e) {
                // The client went away mid-answer: nothing more to tell it.
                LOG.log(System.Logger.Level.DEBUG, "client I/O error: {0}", e.toString());
            }
        };
    }

    private static void tryInternalError(HttpExchange exchange) {
        try {
            if (exchange.getResponseCode() == -1) Json.error(exchange, 500, "internal error", "");
        } catch (IOException | RuntimeException ignored) {
            // Best effort only; the exchange is closed by the caller.
        }
    }
}
