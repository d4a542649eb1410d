package io.alertgate.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads {@code application/x-www-form-urlencoded} pairs: a URL's query or a posted form. */
final class Query {
    private Query() {}

    /** The first value of {@code name} in {@code raw} (undecoded; may be null), decoded; empty when absent. */
    static Optional<String> param(String raw, String name) {
        if (raw == null || raw.isEmpty()) return Optional.empty();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(k).equals(name)) return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed %-escape is kept as written; it then matches nothing
        }
    }
}
