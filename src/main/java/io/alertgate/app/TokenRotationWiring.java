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
 */
final class TokenRotationWiring {
    private TokenRotationWiring() {}

    static Function<Destination.Channel, TokenSource> tokens(GatewayConfig config, HttpClient client, Clock clock) {
        Map<Secret, TokenSource> rotating = new HashMap<>();
        for (TenantConfig t : config.tenants().values()) {
            if (t.tokenRotation().isEmpty() || t.botToken().isEmpty()) continue;
            TenantConfig.TokenRotation r = t.tokenRotation().get();
            rotating.putIfAbsent(t.botToken().get(), new RotatingTokenSource(t.id(), t.botToken().get(),
                    new RotatingTokenSource.Credentials(r.refreshToken(), r.clientId(), r.clientSecret()), client,
                    config.server().slackApiUrl(), config.server().slackTimeout(), clock));
        }
        Map<Secret, TokenSource> byToken = Map.copyOf(rotating);
        return c -> byToken.getOrDefault(c.botToken(), new TokenSource.Fixed(c.botToken()));
    }
}
