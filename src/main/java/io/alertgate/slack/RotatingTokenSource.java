package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Slack token rotation for one tenant: keeps the current bot token in memory and refreshes it
 * through {@code oauth.v2.access} ({@code grant_type=refresh_token}, form-encoded POST to
 * {@code {apiBase}oauth.v2.access}) when {@value #REFRESH_AT_PERCENT} % of the last answer's
 * {@code expires_in} (seconds) has passed on the injected clock, or once after Slack refused the
 * token. The configured {@code bot_token} has no known expiry, so the first use refreshes. Each
 * answer carries a new {@code refresh_token}, which replaces the old one. Neither token is ever
 * logged or put in an exception.
 */
public final class RotatingTokenSource implements TokenSource {
    /** The Web API method that exchanges a refresh token for a new access token. */
    public static final String OAUTH_ACCESS = "oauth.v2.access";
    /** Share of {@code expires_in} after which the token is refreshed, leaving a margin for clock skew. */
    public static final int REFRESH_AT_PERCENT = 80;

    private static final Logger LOG = Logger.getLogger(RotatingTokenSource.class.getName());

    /**
     * The {@code app_config} keys of token rotation.
     *
     * @param refreshToken {@code refresh_token} ({@code xoxe-1-…})
     * @param clientId {@code client_id} of the Slack app
     * @param clientSecret {@code client_secret} of the Slack app
     */
    public record Credentials(Secret refreshToken, Secret clientId, Secret clientSecret) {}

    /** The current grant; {@code refreshAt} is when {@link #current()} refreshes. */
    private record Grant(Secret accessToken, Secret refreshToken, Instant refreshAt) {}

    private final String tenant;
    private final HttpClient client;
    private final URI apiBase;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Clock clock;
    private final Duration requestTimeout;
    private final AtomicReference<Grant> grant;

    /**
     * @param tenant tenant id, for log lines only
     * @param botToken the configured {@code bot_token}, used until the first refresh answers
     * @param apiBase Slack Web API base ending in '/'
     */
    public RotatingTokenSource(String tenant, Secret botToken, Credentials credentials, HttpClient client, URI apiBase,
            Duration requestTimeout, Clock clock) {
        this.tenant = tenant;
        this.client = client;
        this.apiBase = apiBase;
        this.clientId = credentials.clientId();
        this.clientSecret = credentials.clientSecret();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.grant = new AtomicReference<>(new Grant(botToken, credentials.refreshToken(), Instant.MIN));
    }

    @Override
    public Secret current() {
        Grant g = grant.get();
        if (clock.instant().isBefore(g.refreshAt())) return g.accessToken();
        return refresh(g).accessToken();
    }

    @Override
    public Optional<Secret> renewAfterRejection(Secret rejected) {
        Grant g = grant.get();
        // Another sender may already have refreshed past the rejected token: use that one.
        if (!g.accessToken().equals(rejected)) return Optional.of(g.accessToken());
        return Optional.of(refresh(g).accessToken());
    }

    /** Refreshes unless another thread already replaced {@code seen}; one refresh at a time. */
    private synchronized Grant refresh(Grant seen) {
        Grant now = grant.get();
        if (now != seen) return now;
        Grant next = exchange(now.refreshToken());
        grant.set(next);
        LOG.info(() -> "slack bot token refreshed for tenant " + tenant + "; next refresh at " + next.refreshAt());
        return next;
    }

    private Grant exchange(Secret refreshToken) {
        String form = "grant_type=refresh_token"
                + "&refresh_token=" + URLEncoder.encode(refreshToken.reveal(), StandardCharsets.UTF_8)
                + "&client_id=" + URLEncoder.encode(clientId.reveal(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret.reveal(), StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + OAUTH_ACCESS))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new TokenRefreshException(FailureReason.TIMEOUT, 0, "");
        } catch (IOException e) {
            throw new TokenRefreshException(FailureReason.NETWORK, 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefreshException(FailureReason.NETWORK, 0, "interrupted");
        } catch (RuntimeException e) {
            throw new TokenRefreshException(FailureReason.UNKNOWN, 0, "invalid_request");
        }
        Map<String, Object> json = parse(response.body());
        int status = response.statusCode();
        if (status == 200 && Boolean.TRUE.equals(json.get("ok"))
                && json.get("access_token") instanceof String access && !access.isEmpty()
                && json.get("refresh_token") instanceof String refresh && !refresh.isEmpty()
                && json.get("expires_in") instanceof Number expiresIn && expiresIn.longValue() > 0) {
            Duration lifetime = Duration.ofSeconds(expiresIn.longValue());
            Instant refreshAt = clock.instant().plus(lifetime.multipliedBy(REFRESH_AT_PERCENT).dividedBy(100));
            return new Grant(Secret.of(access), Secret.of(refresh), refreshAt);
        }
        String code = SlackErrors.code(json.get("error") instanceof String s ? s : "");
        FailureReason reason = SlackErrors.classify(status, code);
        // An ok answer without a usable token is a broken grant: not retried, like an unknown code.
        throw new TokenRefreshException(reason == FailureReason.NONE ? FailureReason.UNKNOWN : reason, status, code);
    }

    private static Map<String, Object> parse(String body) {
        try {
            Map<String, Object> map = body == null || body.isBlank() ? null : JSON.std.mapFrom(body);
            return map == null ? Map.of() : map;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
