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
 * @param consumerName {@code consumer_name}: this replica's name in the durable outbox's consumer
 *     group; unique per live replica and stable across its restarts; "" (the default) means the host name
 * @param outboxClaimIdle {@code outbox_claim_idle_seconds}: how long another replica's outbox entry must
 *     go untouched before this one takes it over (its owner is presumed dead), default 60
 */
public record RedisConfig(Secret url, Duration timeout, int poolSize, String consumerName, Duration outboxClaimIdle) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final Duration DEFAULT_OUTBOX_CLAIM_IDLE = Duration.ofSeconds(60);

    public RedisConfig(Secret url, Duration timeout, int poolSize) {
        this(url, timeout, poolSize, "", DEFAULT_OUTBOX_CLAIM_IDLE);
    }
}
