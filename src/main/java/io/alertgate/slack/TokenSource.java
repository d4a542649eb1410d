package io.alertgate.slack;

import io.alertgate.secrets.Secret;
import java.util.Optional;

/**
 * Where {@link HttpSlackTransport} gets the bot token for a {@link Destination.Channel}: the fixed
 * {@code app_config.bot_token} ({@link Fixed}, the default) or a rotating one
 * ({@link RotatingTokenSource}, Slack's token rotation).
 */
public interface TokenSource {

    /**
     * The bot token to send with now.
     *
     * @throws TokenRefreshException when a due refresh fails (classified; never quotes a token)
     */
    Secret current();

    /**
     * Called once after Slack refused {@code rejected} ({@code token_expired}, {@code invalid_auth}):
     * a fresh token to retry with, or empty when this source cannot renew (the fixed token).
     *
     * @throws TokenRefreshException when the refresh fails
     */
    default Optional<Secret> renewAfterRejection(Secret rejected) {
        return Optional.empty();
    }

    /** The configured token, used as-is; a record so equal destinations stay equal. */
    record Fixed(Secret token) implements TokenSource {
        @Override
        public Secret current() {
            return token;
        }
    }
}
