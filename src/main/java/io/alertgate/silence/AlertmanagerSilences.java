package io.alertgate.silence;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates silences through Alertmanager's API v2: {@code POST {url}/api/v2/silences} with a
 * {@code postableSilence}, answered {@code 200 {"silenceID": "…"}}. One attempt per call, bounded by
 * {@code timeout} (connect and answer); credentials as Alertmanager's {@code http_config} (bearer
 * token or basic auth) and never in a result or log.
 */
public final class AlertmanagerSilences implements Silencer {
    /** Longest Alertmanager error text kept for the user and the audit. */
    public static final int MAX_DETAIL_CHARS = 200;
    static final String PATH = "/api/v2/silences";

    private final URI endpoint;
    private final Duration timeout;
    private final Optional<String> authorization;
    private final HttpClient http;

    /**
     * @param baseUrl the Alertmanager's base URL ({@code http://host:9093}, or with a path prefix
     *     such as {@code https://host/alertmanager})
     * @param timeout bound on connecting and on the whole request
     * @param bearerToken sent as {@code Authorization: Bearer …}
     * @param basicUsername with {@code basicPassword}, sent as {@code Authorization: Basic …}
     */
    public AlertmanagerSilences(URI baseUrl, Duration timeout, Optional<Secret> bearerToken,
            Optional<String> basicUsername, Optional<Secret> basicPassword) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.endpoint = URI.create(base + PATH);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (bearerToken.isPresent()) {
            this.authorization = Optional.of("Bearer " + bearerToken.get().reveal());
        } else if (basicUsername.isPresent() && basicPassword.isPresent()) {
            String pair = basicUsername.get() + ":" + basicPassword.get().reveal();
            this.authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            this.authorization = Optional.empty();
        }
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public SilenceResult silence(SilenceRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request), StandardCharsets.UTF_8));
        authorization.ifPresent(a -> b.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return new SilenceResult.Failed(SilenceResult.Reason.TIMEOUT, 0, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new SilenceResult.Failed(SilenceResult.Reason.UNREACHABLE, 0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SilenceResult.Failed(SilenceResult.Reason.UNREACHABLE, 0, "interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                Map<String, Object> answer = JSON.std.mapFrom(response.body());
                if (answer.get("silenceID") instanceof String id && !id.isEmpty()) return new SilenceResult.Created(id);
            } catch (IOException | RuntimeException e) {
                // fall through: a 200 without a silenceID is not a silence we can name
            }
            return new SilenceResult.Failed(SilenceResult.Reason.SERVER_ERROR, status, "answer without silenceID");
        }
        SilenceResult.Reason reason = status == 401 || status == 403 ? SilenceResult.Reason.AUTH
                : status >= 500 ? SilenceResult.Reason.SERVER_ERROR : SilenceResult.Reason.REFUSED;
        return new SilenceResult.Failed(reason, status, detail(response.body()));
    }

    /** The {@code postableSilence} JSON. */
    static String body(SilenceRequest r) {
        List<Map<String, Object>> matchers = new ArrayList<>();
        for (var m : r.matchers().entrySet()) {
            Map<String, Object> matcher = new LinkedHashMap<>();
            matcher.put("name", m.getKey());
            matcher.put("value", m.getValue());
            matcher.put("isRegex", false);
            matcher.put("isEqual", true);
            matchers.add(matcher);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchers", matchers);
        body.put("startsAt", r.startsAt().toString());
        body.put("endsAt", r.endsAt().toString());
        body.put("createdBy", r.createdBy());
        body.put("comment", r.comment());
        try {
            return JSON.std.asString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a silence", e);
        }
    }

    private static String detail(String body) {
        String d = body == null ? "" : body.strip().replaceAll("[\\r\\n\\t]+", " ");
        return d.length() > MAX_DETAIL_CHARS ? d.substring(0, MAX_DETAIL_CHARS) + "…" : d;
    }

    @Override
    public String toString() {
        return "AlertmanagerSilences[" + endpoint.getHost() + "]";
    }
}
