package io.alertgate.config;

import io.alertgate.secrets.Secret;
import java.time.Duration;

/**
 * The top-level {@code redis} section: where escalation and message state live. Absent: in memory.
 *
 * @param url {@code url}: {@code redis://[user:password@]host[:port][/db]} or {@code rediss://} (TLS);
 *     a {@link Secret} because it may hold the password ({@code ${ENV}} and {@code enc:} work)
 * @param timeout {@code timeout_ms}: connect and command timeout, default 2000
 * @param poolSize {@code pool_size}: most connections and most concurrent Redis calls, default 16
 */
public record RedisConfig(Secret url, Duration timeout, int poolSize) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_SIZE = 16;
}
