package io.alertgate.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The listener's protective {@link Filter}s, in the order they run: {@link SourceRateLimit} (429),
 * {@link ConcurrencyLimit} (503), then on the webhook path {@link TenantAuth} (403, 401). Each
 * answers with the one JSON error shape and closes the exchange itself; otherwise it passes on.
 */
final class IngressFilters {
    private static final System.Logger LOG = System.getLogger("io.alertgate.http");

    private IngressFilters() {}

    /**
     * A token bucket per client address; a request finding its bucket empty gets 429 with
     * {@code Retry-After} (whole seconds, rounded up). The map of buckets is bounded: past
     * {@link #MAX_SOURCES} entries the full (idle) buckets are dropped — forgetting a full bucket
     * loses nothing, since a new one starts full too.
     */
    static final class SourceRateLimit extends Filter {
        static final int MAX_SOURCES = 10_000;
        private final TokenBucket.Config config;
        private final NanoClock clock;
        private final Predicate<InetAddress> trustedProxy;
        private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();

        SourceRateLimit(TokenBucket.Config config, NanoClock clock, Predicate<InetAddress> trustedProxy) {
            this.config = config;
            this.clock = clock;
            this.trustedProxy = trustedProxy;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            InetAddress source = ClientAddress.of(exchange, trustedProxy);
            if (buckets.size() >= MAX_SOURCES) buckets.values().removeIf(b -> b.availableTokens() == config.burst());
            TokenBucket bucket = buckets.computeIfAbsent(source, s -> new TokenBucket(config, clock));
            if (bucket.tryAcquire()) {
                chain.doFilter(exchange);
                return;
            }
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(bucket.nanosUntilNextToken() + 999_999_999L));
            refuse(exchange, 429, "too many requests from this address", String.valueOf(seconds));
        }

        @Override
        public String description() {
            return "per-source token bucket";
        }
    }

    /**
     * Admission in two steps, so that slow senders cannot starve fast ones and a storm of large
     * bodies cannot exhaust memory.
     *
     * <ol>
     *   <li><b>Body budget.</b> A request with a body reserves its declared {@code Content-Length}
     *       (a chunked one: {@code max_body_bytes}) from a byte budget of
     *       {@code max_concurrent_requests × max_body_bytes}, then the body is read in full, before
     *       any handler runs. A slowloris sender trickling a small body holds only its few bytes.
     *   <li><b>Handler permits.</b> At most {@code max} requests are parsed and handled at once.
     * </ol>
     * Either refusal is an immediate 503 with {@code Retry-After} — a queue of 4 MiB bodies is what
     * exhausts memory in a storm, and Alertmanager retries a 503. A body longer than
     * {@code max_body_bytes} is read one byte past the limit and handed on, so the handler's
     * streaming check answers 413 as before.
     */
    static final class ConcurrencyLimit extends Filter {
        /** Seconds a refused client should wait; a handler finishes well within it. */
        static final String RETRY_AFTER_SECONDS = "1";
        private static final int KIB = 1024;
        private final Semaphore permits;
        /** In KiB, so that the budget fits an int semaphore. */
        private final Semaphore bodyBudgetKib;
        private final long maxBodyBytes;

        ConcurrencyLimit(int max, long maxBodyBytes) {
            this.permits = new Semaphore(max);
            this.maxBodyBytes = maxBodyBytes;
            long budget = Math.min(Integer.MAX_VALUE, (long) max * kib(maxBodyBytes + 1));
            this.bodyBudgetKib = new Semaphore((int) budget);
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            long declared = declaredBodyBytes(exchange);
            if (declared > maxBodyBytes && !chunked(exchange)) {
                // The declared length alone decides: answer 413 now, without reading or reserving.
                answerThenDrain(exchange, 413, "body larger than " + maxBodyBytes + " bytes");
                return;
            }
            int reservedKib = declared == 0 ? 0 : kib(Math.min(declared, maxBodyBytes + 1));
            if (reservedKib > 0 && !bodyBudgetKib.tryAcquire(reservedKib)) {
                refuse(exchange, 503, "too many request bodies in progress, retry", RETRY_AFTER_SECONDS);
                return;
            }
            try {
                if (reservedKib > 0) {
                    var original = exchange.getRequestBody();
                    byte[] body = original.readNBytes((int) Math.min(declared, maxBodyBytes + 1));
                    // The rest (an oversized body) stays readable, so the handler can drain it after its 413.
                    exchange.setStreams(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(body), original), null);
                }
                if (!permits.tryAcquire()) {
                    refuse(exchange, 503, "too many requests in progress, retry", RETRY_AFTER_SECONDS);
                    return;
                }
                try {
                    chain.doFilter(exchange);
                } finally {
                    permits.release();
                }
            } finally {
                if (reservedKib > 0) bodyBudgetKib.release(reservedKib);
            }
        }

        private static boolean chunked(HttpExchange exchange) {
            String te = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
            return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        }

        /** Bytes the body may have: its Content-Length, the body limit + 1 when chunked, 0 without body. */
        private long declaredBodyBytes(HttpExchange exchange) {
            if (chunked(exchange)) return maxBodyBytes + 1;
            String cl = exchange.getRequestHeaders().getFirst("Content-Length");
            if (cl == null) return 0;
            try {
                return Math.max(0, Long.parseLong(cl.strip()));
            } catch (NumberFormatException e) {
                return 0; // the JDK server already refused it with 400
            }
        }

        private static int kib(long bytes) {
            return (int) Math.min(Integer.MAX_VALUE, (bytes + KIB - 1) / KIB);
        }

        @Override
        public String description() {
            return "body budget and concurrent request cap";
        }
    }

    /**
     * The tenant's {@code auth}: the client address first (403 when outside {@code allowed_cidrs}),
     * then the credential (401 with {@code WWW-Authenticate} when missing or wrong). Unknown tenants
     * pass through to the handler's 404. Every refusal is audited with source, tenant and reason.
     */
    static final class TenantAuth extends Filter {
        private static final String BEARER = "bearer ";
        private static final String BASIC = "basic ";
        private final Function<String, Optional<TenantAccess>> access;
        private final Predicate<InetAddress> trustedProxy;
        private final AuditTrail audit;

        TenantAuth(Function<String, Optional<TenantAccess>> access, Predicate<InetAddress> trustedProxy, AuditTrail audit) {
            this.access = access;
            this.trustedProxy = trustedProxy;
            this.audit = audit;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String tenant = path.startsWith(AlertsHandler.PREFIX) ? path.substring(AlertsHandler.PREFIX.length()) : "";
            Optional<TenantAccess> rule = tenant.isEmpty() ? Optional.empty() : access.apply(tenant);
            if (rule.isEmpty()) {
                chain.doFilter(exchange);
                return;
            }
            TenantAccess a = rule.get();
            InetAddress source = ClientAddress.of(exchange, trustedProxy);
            if (!a.addressAllowed().test(source)) {
                fail(source, tenant, "address not allowed");
                refuse(exchange, 403, "address not allowed", null);
                return;
            }
            if (!a.clientCertSubjects().isEmpty() && !ClientCertificates.identities(exchange).stream()
                    .anyMatch(a.clientCertSubjects()::contains)) {
                fail(source, tenant, "client certificate not allowed for this tenant");
                refuse(exchange, 403, "client certificate not allowed", null);
                return;
            }
            if (a.credentialsRequired()) {
                String reason = credentialFailure(exchange.getRequestHeaders().getFirst("Authorization"), a);
                if (reason != null) {
                    fail(source, tenant, reason);
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"alertgate\"");
                    if (a.basicOffered()) {
                        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"alertgate\", charset=\"UTF-8\"");
                    }
                    refuse(exchange, 401, "authentication required", null, "Authorization");
                    return;
                }
            }
            chain.doFilter(exchange);
        }

        /** Null when the header carries a valid credential; else why not (for the audit, never the value). */
        private static String credentialFailure(String header, TenantAccess a) {
            if (header == null || header.isBlank()) return "missing credentials";
            String lower = header.length() > 6 ? header.substring(0, 7).toLowerCase(java.util.Locale.ROOT) : "";
            if (lower.startsWith(BEARER)) {
                return a.bearer().test(header.substring(BEARER.length()).strip()) ? null : "wrong bearer token";
            }
            if (lower.startsWith(BASIC)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "malformed basic credentials";
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) return "malformed basic credentials";
                return a.basic().test(decoded.substring(0, colon), decoded.substring(colon + 1))
                        ? null : "wrong basic credentials";
            }
            return "unsupported authorization scheme";
        }

        private void fail(InetAddress source, String tenant, String reason) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("source", source.getHostAddress());
            fields.put("tenant", tenant);
            fields.put("reason", reason);
            audit.record("auth.failure", fields);
        }

        @Override
        public String description() {
            return "tenant authentication";
        }
    }

    /**
     * Audits what the admin endpoints did: a refused admin token, a replayed dead letter. Reads the
     * status the handler answered, so the handler itself stays unaware of auditing.
     */
    static final class AdminAudit extends Filter {
        private final Predicate<InetAddress> trustedProxy;
        private final AuditTrail audit;

        AdminAudit(Predicate<InetAddress> trustedProxy, AuditTrail audit) {
            this.trustedProxy = trustedProxy;
            this.audit = audit;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            // Recorded when the answer's body is first written, i.e. before the client can read it:
            // an audited action is on record by the time its caller learns it happened.
            var original = exchange.getResponseBody();
            exchange.setStreams(null, new java.io.FilterOutputStream(original) {
                private boolean recorded;

                private void recordOnce() {
                    if (recorded) return;
                    recorded = true;
                    recordOutcome(exchange);
                }

                @Override
                public void write(int b) throws IOException {
                    recordOnce();
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    recordOnce();
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    recordOnce();
                    out.close();
                }
            });
            chain.doFilter(exchange);
        }

        private void recordOutcome(HttpExchange exchange) {
            int status = exchange.getResponseCode();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("source", ClientAddress.of(exchange, trustedProxy).getHostAddress());
            if (status == 401) {
                fields.put("tenant", "");
                fields.put("reason", "wrong or missing admin token");
                fields.put("path", path);
                audit.record("auth.failure", fields);
            } else if (status / 100 == 2 && exchange.getRequestMethod().equals("POST") && path.endsWith("/replay")) {
                fields.put("path", path);
                audit.record("deadletter.replay", fields);
            } else if (status / 100 == 2 && exchange.getRequestMethod().equals("POST") && path.endsWith("/ack")) {
                fields.put("path", path);
                audit.record("escalation.ack", fields);
            }
        }

        @Override
        public String description() {
            return "admin audit";
        }
    }

    /** Answers {@code status} with the JSON error (and {@code Retry-After} when given), closing the exchange. */
    /**
     * Answers first, then reads and discards the body (bounded, like {@link #refuse}): the client
     * gets the 413 at once from the declared length, and one still sending reads it instead of a
     * connection reset. A sender that stops sending is cut off by the request timeout.
     */
    private static void answerThenDrain(HttpExchange exchange, int status, String error) {
        try (exchange) {
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] json = ("{\"error\":\"" + error + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, json.length);
            exchange.getResponseBody().write(json);
            exchange.getResponseBody().flush();
            drain(exchange);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client I/O error: {0}", e.toString());
        }
    }

    private static void refuse(HttpExchange exchange, int status, String error, String retryAfter) {
        refuse(exchange, status, error, retryAfter, "");
    }

    /** As above; {@code path} names what was refused (a header), "" for none. */
    private static void refuse(HttpExchange exchange, int status, String error, String retryAfter, String path) {
        try (exchange) {
            drain(exchange);
            if (retryAfter != null) exchange.getResponseHeaders().set("Retry-After", retryAfter);
            exchange.getResponseHeaders().set("Connection", "close");
            Json.error(exchange, status, error, path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client I/O error: {0}", e.toString());
        }
    }

    /**
     * Reads and discards the refused body, up to {@link AlertsHandler#DRAIN_CAP}, so that a client
     * still sending reads our answer instead of a connection reset (Alertmanager logs either and
     * retries, but a clean 503/429 says why). Streaming to a sink costs no memory, and no permit
     * is held meanwhile; a slow sender is cut off by the request timeout.
     */
    private static void drain(HttpExchange exchange) throws IOException {
        var in = exchange.getRequestBody();
        byte[] sink = new byte[8192];
        long left = AlertsHandler.DRAIN_CAP;
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) left -= n;
    }
}
