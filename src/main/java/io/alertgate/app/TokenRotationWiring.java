package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import io.alertgate.config.TenantConfig;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.RotatingTokenSource;
import io.alertgate.slack.TokenSource;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds one {@link RotatingTokenSource} per tenant whose {@code app_config} has token rotation,
 * and answers, for a channel destination, the source to send with: a destination carries its
 * tenant's configured {@code bot_token}, which is the key (tenants without rotation, and unknown
 * tokens, get {@link TokenSource.Fixed}). Built from the configuration the gateway started with;
 * a reload that adds or changes rotation keys takes effect on restart.
 *
 * <p>Each rotated grant is kept in the state store, sealed under the key ring's primary key
 * ({@link SealedGrantStore}). Without a key ring: with Redis the start is refused (the token would
 * otherwise sit in Redis in clear, or be lost and its spent refresh token reused on restart);
 * with the in-memory store the grant stays in the token source's memory, which is all the
 * in-memory store would keep anyway.
 */
final class TokenRotationWiring {
    private TokenRotationWiring() {}

    static Function<Destination.Channel, TokenSource> tokens(GatewayConfig config, HttpClient client, Clock clock) {
        return tokens(config, client, clock, null, Map.of());
    }

    /**
     * As above, keeping grants in {@code store} (null: memory only) sealed by the key ring of {@code env}.
     *
     * @throws StartRefused when a tenant rotates tokens, Redis is configured and no key ring is
     */
    static Function<Destination.Channel, TokenSource> tokens(GatewayConfig config, HttpClient client, Clock clock,
            io.alertgate.store.StateStore store, Map<String, String> env) {
        boolean rotates = config.tenants().values().stream().anyMatch(t -> t.tokenRotation().isPresent() && t.botToken().isPresent());
        // First: a missing or malformed ring is refused with its reason, before the ring is used.
        if (store != null) refusal(config, env).ifPresent(r -> {
            throw new StartRefused(r.getValue());
        });
        java.util.Optional<io.alertgate.secrets.KeyRing> keys = rotates && store != null
                ? io.alertgate.secrets.KeyRing.fromEnvironment(env, java.util.Optional.empty()) : java.util.Optional.empty();
        Map<Secret, TokenSource> rotating = new HashMap<>();
        for (TenantConfig t : config.tenants().values()) {
            if (t.tokenRotation().isEmpty() || t.botToken().isEmpty()) continue;
            TenantConfig.TokenRotation r = t.tokenRotation().get();
            java.util.Optional<SealedGrantStore> sealed = keys.map(k -> new SealedGrantStore(store, k, t.id(),
                    config.server().slackTimeout().plus(RotatingTokenSource.LOCK_MARGIN)));
            sealed.ifPresent(s -> resealAtStart(s, t.id()));
            rotating.putIfAbsent(t.botToken().get(), new RotatingTokenSource(t.id(), t.botToken().get(),
                    new RotatingTokenSource.Credentials(r.refreshToken(), r.clientId(), r.clientSecret()), client,
                    config.server().slackApiUrl(), config.server().slackTimeout(), clock,
                    sealed.<io.alertgate.slack.GrantStore>map(s -> s).orElse(io.alertgate.slack.GrantStore.NONE),
                    io.alertgate.slack.Sleeper.THREAD));
        }
        Map<Secret, TokenSource> byToken = Map.copyOf(rotating);
        return c -> byToken.getOrDefault(c.botToken(), new TokenSource.Fixed(c.botToken()));
    }

    /**
     * Why serve refuses to start {@code config} with the key ring of {@code env}: Slack token
     * rotation with Redis and no key ring, or one that does not load (a malformed
     * {@code ALERTGATE_KEYS} entry, an unreadable key file — the reason names the source and entry,
     * never a key). Empty when it may start (also used by {@code validate}).
     *
     * @return the tenant whose rotation is refused, and the reason
     */
    static java.util.Optional<Map.Entry<String, String>> refusal(GatewayConfig config, Map<String, String> env) {
        if (config.redis().isEmpty()) return java.util.Optional.empty();
        java.util.Optional<TenantConfig> rotating = config.tenants().values().stream()
                .filter(t -> t.tokenRotation().isPresent() && t.botToken().isPresent()).findFirst();
        if (rotating.isEmpty()) return java.util.Optional.empty();
        try {
            if (io.alertgate.secrets.KeyRing.fromEnvironment(env, java.util.Optional.empty()).isPresent()) {
                return java.util.Optional.empty();
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return java.util.Optional.of(Map.entry(rotating.get().id(), "slack token rotation with redis needs a key ring,"
                    + " and the key ring could not be loaded: " + e.getMessage()));
        }
        return java.util.Optional.of(Map.entry(rotating.get().id(), NO_KEY_RING));
    }

    private static final String NO_KEY_RING = "slack token rotation with redis keeps the rotated token in Redis encrypted:"
            + " set a key ring (ALERTGATE_KEYS or the systemd credential alertgate.keys; see alertgate keygen)";

    /** Best effort: a store unreachable at start is retried on the next read of the grant. */
    private static void resealAtStart(SealedGrantStore store, String tenant) {
        try {
            store.resealUnderPrimary();
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(TokenRotationWiring.class.getName()).warning(() -> "the stored slack token of tenant "
                    + tenant + " could not be checked for re-sealing (" + e.getClass().getSimpleName() + ")");
        }
    }
}
