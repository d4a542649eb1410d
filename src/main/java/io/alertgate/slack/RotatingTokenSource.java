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
 *
 * <p><b>Kept beyond the process.</b> Each grant is written to a {@link GrantStore} (the app seals
 * it and keeps it in the state store), tagged with the SHA-256 of the configured
 * {@code refresh_token} it descends from. Before refreshing, the source reads the store: a grant
 * of the same origin that is still fresh — written by this process before a restart, or by another
 * replica — is used as is; an expired one's refresh token (single-use, so the configured one is
 * likely spent) is the one exchanged. A grant of another origin (the operator configured a new
 * refresh token) is ignored and overwritten. Replicas refresh one at a time: the one holding the
 * store's short lock exchanges, the others poll the store every {@link #LOCK_POLL} for at most the
 * lock's lease (request timeout + {@link #LOCK_MARGIN}) and use what it wrote (or, when the holder
 * died, refresh themselves).
 * A store that cannot be reached degrades to memory only, with a warning: delivery goes on.
 */
public final class RotatingTokenSource implements TokenSource {
    /** The Web API method that exchanges a refresh token for a new access token. */
    public static final String OAUTH_ACCESS = "oauth.v2.access";
    /** Share of {@code expires_in} after which the token is refreshed, leaving a margin for clock skew. */
    public static final int REFRESH_AT_PERCENT = 80;

    /** How often a replica waiting for another's refresh re-reads the store. */
    public static final Duration LOCK_POLL = Duration.ofMillis(100);
    /**
     * A replica waits for another's refresh for one {@code oauth.v2.access} timeout plus this,
     * which is also how long the store's lock lasts: by then the holder wrote or is gone.
     */
    public static final Duration LOCK_MARGIN = Duration.ofSeconds(5);

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
    private final GrantStore store;
    private final Sleeper sleeper;
    /** SHA-256 (hex) of the configured refresh token: the origin of every grant this source writes. */
    private final String origin;

    /**
     * @param tenant tenant id, for log lines only
     * @param botToken the configured {@code bot_token}, used until the first refresh answers
     * @param apiBase Slack Web API base ending in '/'
     */
    public RotatingTokenSource(String tenant, Secret botToken, Credentials credentials, HttpClient client, URI apiBase,
            Duration requestTimeout, Clock clock) {
        this(tenant, botToken, credentials, client, apiBase, requestTimeout, clock, GrantStore.NONE, Sleeper.THREAD);
    }

    /**
     * As above, keeping each grant in {@code store} and waiting for another replica's refresh with
     * {@code sleeper}.
     */
    public RotatingTokenSource(String tenant, Secret botToken, Credentials credentials, HttpClient client, URI apiBase,
            Duration requestTimeout, Clock clock, GrantStore store, Sleeper sleeper) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
        this.origin = sha256(credentials.refreshToken().reveal());
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
        return refresh(g, Optional.empty()).accessToken();
    }

    @Override
    public Optional<Secret> renewAfterRejection(Secret rejected) {
        Grant g = grant.get();
        // Another sender may already have refreshed past the rejected token: use that one.
        if (!g.accessToken().equals(rejected)) return Optional.of(g.accessToken());
        return Optional.of(refresh(g, Optional.of(rejected)).accessToken());
    }

    /**
     * Refreshes unless another thread already replaced {@code seen}, or a usable grant is in the
     * store (another replica's, or this process's before a restart); one refresh at a time per process,
     * and per tenant across replicas while the store's lock holds.
     */
    private synchronized Grant refresh(Grant seen, Optional<Secret> rejected) {
        Grant now = grant.get();
        if (now != seen) return now;
        Optional<Grant> stored = readStored();
        if (stored.isPresent() && usable(stored.get(), rejected)) return adopt(stored.get());
        boolean locked = tryLock();
        try {
            long lockWaitMillis = requestTimeout.plus(LOCK_MARGIN).toMillis();
            for (long waited = 0; !locked && waited < lockWaitMillis; waited += LOCK_POLL.toMillis()) {
                sleep();
                stored = readStored();
                if (stored.isPresent() && usable(stored.get(), rejected)) return adopt(stored.get());
                locked = tryLock();
            }
            // With the lock (or after the holder failed to write in time): the store's refresh
            // token is the latest any replica received; ours only when the store has none.
            stored = readStored();
            if (stored.isPresent() && usable(stored.get(), rejected)) return adopt(stored.get());
            Secret refreshToken = stored.map(Grant::refreshToken).orElse(now.refreshToken());
            Grant next = exchange(refreshToken);
            grant.set(next);
            writeStored(next);
            LOG.info(() -> "slack bot token refreshed for tenant " + tenant + "; next refresh at " + next.refreshAt());
            return next;
        } finally {
            if (locked) unlock();
        }
    }

    /** A stored grant is used as is while fresh, and after a rejection only if it is another token. */
    private boolean usable(Grant stored, Optional<Secret> rejected) {
        return clock.instant().isBefore(stored.refreshAt())
                && rejected.map(r -> !r.equals(stored.accessToken())).orElse(true);
    }

    private Grant adopt(Grant stored) {
        grant.set(stored);
        LOG.info(() -> "slack bot token for tenant " + tenant + " taken from the state store; next refresh at " + stored.refreshAt());
        return stored;
    }

    /** The stored grant of this source's origin; empty when none, of another origin, or the store fails. */
    private Optional<Grant> readStored() {
        try {
            return store.read().filter(g -> g.origin().equals(origin))
                    .map(g -> new Grant(g.accessToken(), g.refreshToken(), g.refreshAt()));
        } catch (RuntimeException e) {
            LOG.warning(() -> "slack token store not readable for tenant " + tenant + " (" + e.getClass().getSimpleName()
                    + "); using the token in memory");
            return Optional.empty();
        }
    }

    private void writeStored(Grant g) {
        try {
            store.write(new GrantStore.StoredGrant(g.accessToken(), g.refreshToken(), g.refreshAt(), origin));
        } catch (RuntimeException e) {
            // The new refresh token lives only in memory now: a restart would reuse a spent one.
            LOG.warning(() -> "slack token store not writable for tenant " + tenant + " (" + e.getClass().getSimpleName()
                    + "); the rotated token is kept in memory only");
        }
    }

    private boolean tryLock() {
        try {
            return store.tryLock();
        } catch (RuntimeException e) {
            return true; // no shared lock without the store: refresh from this replica
        }
    }

    private void unlock() {
        try {
            store.unlock();
        } catch (RuntimeException e) {
            // The lock's lease ends it.
        }
    }

    private void sleep() {
        try {
            sleeper.sleep(LOCK_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefreshException(FailureReason.NETWORK, 0, "interrupted");
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
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
