package io.alertgate.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of one request: the caller's {@code X-Request-Id} when it is a plain token
 * ({@code [A-Za-z0-9._:-]}, 1–128 characters), else a random UUID. {@link #FILTER} runs first on
 * every context, so every answer the gateway itself produces — refusals by the auth, rate and
 * concurrency filters included — carries the header. (Answers the JDK server writes on its own,
 * such as 400 for an unparsable request line, cannot.)
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    /** Compiled once: it is checked on every request. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Sets the response header before anything else can answer. */
    static final Filter FILTER = new Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            of(exchange);
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "X-Request-Id";
        }
    };

    private RequestIds() {}

    /**
     * The request's id, assigned (and set on the response) on first use. Kept in the response
     * headers, not an exchange attribute: the JDK server's exchange attributes are its context's,
     * shared by every request on that path.
     */
    static String of(HttpExchange exchange) {
        String assigned = exchange.getResponseHeaders().getFirst(HEADER);
        if (assigned != null) return assigned;
        String given = exchange.getRequestHeaders().getFirst(HEADER);
        String id = given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.getResponseHeaders().set(HEADER, id);
        return id;
    }
}
