package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a message to an incoming webhook or to {@code chat.postMessage}, once, and classifies the
 * answer into a {@link SendResult} through {@link SlackErrors}. Never throws, and never lets the
 * webhook URL or bot token reach a result, an exception or a log: exception messages from the HTTP
 * client (which may quote the URL) are dropped, and error codes are kept only when they look like
 * Slack codes.
 */
public final class HttpSlackTransport implements SlackTransport {
    /** Longest wait for one answer from Slack. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The Web API method this transport calls for {@link Destination.Channel}. */
    public static final String POST_MESSAGE = "chat.postMessage";
    /** The Web API method that replaces a posted message ({@link Destination.Followup.Action#UPDATE}). */
    public static final String UPDATE = "chat.update";

    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    /** Answers to {@code chat.postMessage} after which a rotating token is renewed once and the send retried once. */
    private static final java.util.Set<String> REJECTED_TOKEN = java.util.Set.of("token_expired", "invalid_auth");

    private final HttpClient client;
    private final Duration requestTimeout;
    private final java.util.function.Function<Destination.Channel, TokenSource> tokens;

    /** @param client the process's one shared client (connection pool, executor) */
    public HttpSlackTransport(HttpClient client) {
        this(client, DEFAULT_REQUEST_TIMEOUT);
    }

    public HttpSlackTransport(HttpClient client, Duration requestTimeout) {
        this(client, requestTimeout, c -> new TokenSource.Fixed(c.botToken()));
    }

    /**
     * @param tokens the token source for a channel destination; {@link TokenSource.Fixed} of its
     *     {@code botToken} unless the tenant rotates tokens
     */
    public HttpSlackTransport(HttpClient client, Duration requestTimeout,
            java.util.function.Function<Destination.Channel, TokenSource> tokens) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.tokens = tokens;
    }

    @Override
    public SendResult send(Destination destination, SlackMessage message) {
        return switch (destination) {
            case Destination.Webhook w -> post(w.url().reveal(), null, message.webhookBody(), false);
            case Destination.Channel c -> postMessage(c, message);
            case Destination.Followup f -> followup(f, message);
            case Destination.Console c -> SendResult.failed(FailureReason.UNKNOWN, 0, "unsupported_destination", Optional.empty());
            case Destination.Unresolved u -> SendResult.failed(FailureReason.CHANNEL_GONE, 0,
                    Destination.Unresolved.ERROR_CODE, Optional.empty());
        };
    }

    /**
     * {@code chat.update} of (channel, ts), or a reply in its thread. An update of a message Slack no
     * longer has ({@link SlackErrors#messageGone}) posts the message as a new parent instead; its
     * answer carries the new (channel, ts), so the caller re-links the group to it.
     */
    private SendResult followup(Destination.Followup f, SlackMessage message) {
        // The same token source as the original post, so a rotated bot token is used here too.
        TokenSource source = tokens.apply(new Destination.Channel(f.name(), f.channel(), f.botToken(), f.apiBase()));
        String base = f.apiBase().toString();
        if (f.action() == Destination.Followup.Action.REPLY) {
            return withToken(source, token -> post(base + POST_MESSAGE, token, message.apiBody(f.channel(), f.ts()), true));
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>(message.apiBody(f.channel(), null));
        body.put("ts", f.ts());
        body.remove("metadata"); // metadata stays that of the original post
        return withToken(source, token -> {
            SendResult updated = post(base + UPDATE, token, body, true);
            if (updated.ok() || !SlackErrors.messageGone(updated.errorCode())) return updated;
            return post(base + POST_MESSAGE, token, message.apiBody(f.channel(), null), true);
        });
    }

    /**
     * {@code chat.postMessage} with the source's current token; after {@code token_expired} or
     * {@code invalid_auth}, renews once and retries once. A failed refresh is the send's result.
     */
    private SendResult postMessage(Destination.Channel c, SlackMessage message) {
        String url = c.apiBase().toString() + POST_MESSAGE;
        Map<String, Object> body = message.apiBody(c.channel(), null);
        return withToken(tokens.apply(c), token -> post(url, token, body, true));
    }

    /**
     * One Web API call with the source's current token; after {@code token_expired} or
     * {@code invalid_auth}, renews once and calls once more. A failed refresh is the call's result.
     */
    private static SendResult withToken(TokenSource source, java.util.function.Function<String, SendResult> call) {
        try {
            io.alertgate.secrets.Secret token = source.current();
            SendResult first = call.apply(token.reveal());
            if (!REJECTED_TOKEN.contains(first.errorCode())) return first;
            Optional<io.alertgate.secrets.Secret> renewed = source.renewAfterRejection(token);
            return renewed.isEmpty() ? first : call.apply(renewed.get().reveal());
        } catch (TokenRefreshException e) {
            return SendResult.failed(e.reason(), e.httpStatus(), e.code(), Optional.empty());
        }
    }

    private SendResult post(String url, String token, Map<String, Object> body, boolean api) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(requestTimeout)
                    .header("Content-Type", JSON_UTF8)
                    // Straight to UTF-8 bytes: a String first, then ofString's encoding, allocated
                    // 2.5× as much (emoji and bullets make the String two bytes per char).
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JsonBody.utf8(body)));
            if (token != null) request.header("Authorization", "Bearer " + token);
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return api ? apiResult(response) : webhookResult(response);
        } catch (HttpTimeoutException e) {
            return SendResult.failed(FailureReason.TIMEOUT, 0, "", Optional.empty());
        } catch (IOException e) {
            return SendResult.failed(FailureReason.NETWORK, 0, "", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed(FailureReason.NETWORK, 0, "interrupted", Optional.empty());
        } catch (RuntimeException e) {
            // A malformed URL or header value; the exception message may quote the secret, so it is dropped.
            return SendResult.failed(FailureReason.UNKNOWN, 0, "invalid_request", Optional.empty());
        }
    }

    /** Incoming webhook: HTTP 200 with the text {@code ok}; otherwise a text code and a 4xx/5xx status. */
    private static SendResult webhookResult(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        if (response.statusCode() == 200 && body.equals("ok")) return SendResult.ok(200, "", "");
        return failure(response, SlackErrors.code(body));
    }

    /** Web API: {@code ok:true} with {@code channel} and {@code ts}; {@code ok:false} with {@code error}, usually on HTTP 200. */
    private static SendResult apiResult(HttpResponse<String> response) {
        Map<String, Object> json = parse(response.body());
        if (response.statusCode() == 200 && Boolean.TRUE.equals(json.get("ok"))) {
            return SendResult.ok(200, string(json.get("channel")), string(json.get("ts")));
        }
        return failure(response, SlackErrors.code(string(json.get("error"))));
    }

    private static SendResult failure(HttpResponse<String> response, String code) {
        int status = response.statusCode();
        return SendResult.failed(SlackErrors.classify(status, code), status, code, retryAfter(response));
    }

    /** {@code Retry-After} in whole seconds, as Slack sends it; empty when absent or not a number. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(HttpSlackTransport::parseSeconds);
    }

    static Optional<Duration> parseSeconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            Map<String, Object> map = body == null || body.isBlank() ? null : JSON.std.mapFrom(body);
            return map == null ? Map.of() : map;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static String string(Object value) {
        return value instanceof String s ? s : "";
    }
}
