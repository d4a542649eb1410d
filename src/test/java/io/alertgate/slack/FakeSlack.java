package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A fake Slack over real HTTP on 127.0.0.1 (free port), answering as Slack documents: incoming
 * webhooks ({@code /services/T…/B…/…}) answer the text {@code ok} or a text error code with its
 * status; the Web API ({@code /api/chat.postMessage}, {@code /api/chat.update}) answers HTTP 200
 * JSON with {@code ok:true} or {@code ok:false} and {@code error}, after checking the bearer token.
 * A body that breaks a Block Kit limit ({@link BlockKitLimits#violations}) gets {@code invalid_blocks}.
 * Failures (429 with {@code Retry-After}, 5xx, any code) are scripted per path with {@link #failNext}.
 * For other packages' end-to-end tests too:
 *
 * <pre>{@code
 * try (FakeSlack slack = FakeSlack.start()) {
 *     String url = slack.webhookUrl("alerts");
 *     ... deliver ...
 *     List<FakeSlack.Received> got = slack.awaitMessages(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeSlack implements AutoCloseable {
    /** The bot token the fake Web API accepts. */
    public static final String TOKEN = "xoxb-fake-0000-token";

    private static final Pattern WEBHOOK_PATH = Pattern.compile("/services/T[^/]+/B[^/]+/[^/]+");

    /**
     * One request as received, and the status answered.
     *
     * @param body the parsed JSON body; empty when it was not a JSON object
     * @param accepted true when the fake answered success (the message would show in Slack)
     */
    public record Received(String path, Map<String, List<String>> headers, Map<String, Object> body, int status, boolean accepted) {
        /** The first value of a request header (names are case-insensitive), "" when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse("");
        }
    }

    private record Scripted(int status, String body, Map<String, String> headers) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Queue<Scripted>> scripted = new HashMap<>();
    private final List<Received> received = new ArrayList<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_100L);
    private volatile boolean refusing;

    /** Token rotation, when enabled: the app's credentials, the refresh token it accepts next, and issued tokens. */
    private record Rotation(String clientId, String clientSecret, long expiresInSeconds) {}

    private volatile Rotation rotation;
    private String acceptedRefreshToken;
    private final Map<String, Boolean> issuedTokens = new LinkedHashMap<>(); // access token -> expired
    private int grants;

    private FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** "channelId ts" of every message the Web API accepted and nobody deleted: what chat.update may edit. */
    private final java.util.Set<String> posted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Deletes a posted message, as a user deleting it in Slack would: its chat.update then answers message_not_found. */
    public void deleteMessage(String channelId, String ts) {
        posted.remove(channelId + " " + ts);
    }

    /** Starts a fake Slack on a free port of 127.0.0.1. */
    public static FakeSlack start() throws IOException {
        return new FakeSlack();
    }

    /** An incoming webhook URL of this fake; {@code name} ([A-Za-z0-9_-]) names the channel. */
    public String webhookUrl(String name) {
        return base() + webhookPath(name);
    }

    /** The path part of {@link #webhookUrl}, for {@link #failNext}. */
    public static String webhookPath(String name) {
        return "/services/T0FAKE/B" + name + "/secret" + name;
    }

    /** Web API base for {@link Destination.Channel#apiBase()}: {@code http://127.0.0.1:PORT/api/}. */
    public URI apiBase() {
        return URI.create(base() + "/api/");
    }

    /**
     * Turns on Slack's token rotation: {@code /api/oauth.v2.access} exchanges {@code refreshToken}
     * (with these app credentials) for a new access token {@code xoxe.xoxb-fake-N} and a new refresh
     * token, answering {@code expires_in = expiresInSeconds}; each grant expires the tokens issued
     * before it, and {@code chat.postMessage} with an expired token answers {@code token_expired}.
     */
    public void enableTokenRotation(String clientId, String clientSecret, String refreshToken, long expiresInSeconds) {
        synchronized (issuedTokens) {
            rotation = new Rotation(clientId, clientSecret, expiresInSeconds);
            acceptedRefreshToken = refreshToken;
        }
    }

    /** Expires every access token issued so far, as twelve hours passing would. */
    public void expireIssuedTokens() {
        synchronized (issuedTokens) {
            issuedTokens.replaceAll((token, expired) -> true);
        }
    }

    /** Every access token granted by {@code oauth.v2.access}, in order. */
    public List<String> issuedTokens() {
        synchronized (issuedTokens) {
            return List.copyOf(issuedTokens.keySet());
        }
    }

    /** Answers the next request to {@code path} with this status, body and headers instead of the normal answer. */
    public void failNext(String path, int status, String body, Map<String, String> headers) {
        synchronized (scripted) {
            scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Scripted(status, body, Map.copyOf(headers)));
        }
    }

    /**
     * While on, answers every request {@code 503 Service Unavailable} (body {@code service_unavailable}), as
     * Slack does during an outage; the requests are recorded as not accepted.
     */
    public void refuseAll(boolean on) {
        refusing = on;
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until {@code n} messages were accepted and returns them; fails the test after {@code timeout}. */
    public List<Received> awaitMessages(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> accepted = received.stream().filter(Received::accepted).toList();
                if (accepted.size() >= n) return accepted;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("expected " + n + " Slack messages, got " + accepted.size() + ": " + received);
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            boolean oauth = path.equals("/api/oauth.v2.access");
            Map<String, Object> body = oauth ? form(raw) : parse(raw);
            Scripted answer = refusing ? new Scripted(503, "service_unavailable", Map.of()) : nextScripted(path);
            if (answer == null) answer = normalAnswer(path, exchange, body);
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            boolean api = path.startsWith("/api/");
            exchange.getResponseHeaders().set("Content-Type", api ? "application/json; charset=utf-8" : "text/html");
            boolean accepted = answer.status() == 200 && (api ? answer.body().contains("\"ok\":true") : answer.body().equals("ok")) && !oauth;
            record(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, answer.status(), accepted));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Scripted normalAnswer(String path, HttpExchange exchange, Map<String, Object> body) throws IOException {
        if (path.startsWith("/services/")) {
            if (!WEBHOOK_PATH.matcher(path).matches()) return new Scripted(404, "no_service", Map.of());
            if (body.isEmpty()) return new Scripted(400, "invalid_payload", Map.of());
            if (!body.containsKey("text") && !body.containsKey("blocks") && !body.containsKey("attachments")) {
                return new Scripted(400, "no_text", Map.of());
            }
            if (!BlockKitLimits.violations(body).isEmpty()) return new Scripted(400, "invalid_blocks", Map.of());
            return new Scripted(200, "ok", Map.of());
        }
        if (path.equals("/api/chat.postMessage") || path.equals("/api/chat.update")) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) return apiError("not_authed");
            if (!auth.equals("Bearer " + TOKEN)) {
                synchronized (issuedTokens) {
                    Boolean expired = issuedTokens.get(auth.substring(auth.indexOf(' ') + 1));
                    if (expired == null) return apiError("invalid_auth");
                    if (expired) return apiError("token_expired");
                }
            }
            if (body.isEmpty()) return apiError("invalid_json");
            if (!(body.get("channel") instanceof String channel) || channel.isEmpty()) return apiError("channel_not_found");
            if (!body.containsKey("text") && !body.containsKey("blocks") && !body.containsKey("attachments")) return apiError("no_text");
            List<String> violations = BlockKitLimits.violations(body);
            if (!violations.isEmpty()) {
                return new Scripted(200, JSON.std.asString(Map.of("ok", false, "error", "invalid_blocks", "errors", violations)), Map.of());
            }
            boolean update = path.endsWith("update");
            // Slack's chat.update: a ts that is not a message of that channel (never posted, or deleted) is message_not_found.
            if (update && !(body.get("ts") instanceof String t && posted.contains(channelId(channel) + " " + t))) {
                return apiError("message_not_found");
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("channel", channelId(channel));
            String ts = update ? (String) body.get("ts") : nextTs();
            ok.put("ts", ts);
            posted.add(channelId(channel) + " " + ts);
            return new Scripted(200, JSON.std.asString(ok), Map.of());
        }
        if (path.equals("/api/oauth.v2.access")) return grant(body);
        return new Scripted(404, "not found", Map.of());
    }

    /** {@code oauth.v2.access} with {@code grant_type=refresh_token}, as Slack's token rotation answers it. */
    private Scripted grant(Map<String, Object> form) throws IOException {
        synchronized (issuedTokens) {
            Rotation r = rotation;
            if (r == null) return apiError("invalid_grant_type");
            if (!"refresh_token".equals(form.get("grant_type"))) return apiError("invalid_grant_type");
            if (!r.clientId().equals(form.get("client_id"))) return apiError("invalid_client_id");
            if (!r.clientSecret().equals(form.get("client_secret"))) return apiError("bad_client_secret");
            if (!acceptedRefreshToken.equals(form.get("refresh_token"))) return apiError("invalid_refresh_token");
            grants++;
            issuedTokens.replaceAll((token, expired) -> true);
            String access = "xoxe.xoxb-fake-" + grants;
            issuedTokens.put(access, false);
            acceptedRefreshToken = "xoxe-1-fake-refresh-" + grants;
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("token_type", "bot");
            ok.put("access_token", access);
            ok.put("refresh_token", acceptedRefreshToken);
            ok.put("expires_in", r.expiresInSeconds());
            return new Scripted(200, JSON.std.asString(ok), Map.of());
        }
    }

    private static Map<String, Object> form(String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static Scripted apiError(String error) throws IOException {
        return new Scripted(200, JSON.std.asString(Map.of("ok", false, "error", error)), Map.of());
    }

    /** Channel IDs pass through; a {@code #name} gets a stable made-up ID, as Slack answers with IDs. */
    private static String channelId(String channel) {
        if (channel.matches("[CDG][A-Z0-9]+")) return channel;
        return "C" + Integer.toHexString(channel.hashCode() & 0x7fffffff).toUpperCase(java.util.Locale.ROOT);
    }

    private String nextTs() {
        long t = ts.incrementAndGet();
        return (t / 1_000_000) + "." + String.format("%06d", t % 1_000_000);
    }

    private Scripted nextScripted(String path) {
        synchronized (scripted) {
            Queue<Scripted> q = scripted.get(path);
            return q == null ? null : q.poll();
        }
    }

    private void record(Received r) {
        synchronized (received) {
            received.add(r);
            received.notifyAll();
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            Map<String, Object> m = body.isBlank() ? null : JSON.std.mapFrom(body);
            return m == null ? Map.of() : m;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
