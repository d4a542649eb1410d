package io.alertgate.config;

import io.alertgate.secrets.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The top-level {@code redis} section: where escalation, message, dedup and round-robin state
 * live. Absent: in memory. Exactly one of {@code url}, {@code sentinel} and {@code cluster} is set.
 *
 * @param url {@code url}: {@code redis://[user:password@]host[:port][/db]} or {@code rediss://} (TLS);
 *     a {@link Secret} because it may hold the password ({@code ${ENV}} and {@code enc:} work);
 *     empty with Sentinel or Cluster
 * @param timeout {@code timeout_ms}: connect and command timeout, default 2000
 * @param poolSize {@code pool_size}: most connections and most concurrent Redis calls, default 16
 * @param sentinel {@code sentinel}: the master is found through Redis Sentinel
 * @param cluster {@code cluster}: a Redis Cluster
 * @param consumerName {@code consumer_name}: this replica's name in the durable outbox's consumer
 *     group; unique per live replica and stable across its restarts; "" (the default) means the host name
 * @param outboxClaimIdle {@code outbox_claim_idle_seconds}: how long another replica's outbox entry must
 *     go untouched before this one takes it over (its owner is presumed dead), default 60
 */
public record RedisConfig(Optional<Secret> url, Duration timeout, int poolSize, Optional<Sentinel> sentinel,
        Optional<Cluster> cluster, String consumerName, Duration outboxClaimIdle) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final Duration DEFAULT_OUTBOX_CLAIM_IDLE = Duration.ofSeconds(60);

    /** A single server by URL (the form before Sentinel and Cluster). */
    public RedisConfig(Secret url, Duration timeout, int poolSize) {
        this(Optional.of(url), timeout, poolSize, Optional.empty(), Optional.empty());
    }

    /** With the durable outbox's defaults (the form before the outbox keys). */
    public RedisConfig(Optional<Secret> url, Duration timeout, int poolSize, Optional<Sentinel> sentinel,
            Optional<Cluster> cluster) {
        this(url, timeout, poolSize, sentinel, cluster, "", DEFAULT_OUTBOX_CLAIM_IDLE);
    }

    /**
     * {@code redis.sentinel}.
     *
     * @param master {@code master}: the master's name in the sentinels' config
     * @param nodes {@code nodes}: the sentinels, {@code host:port} each
     * @param password {@code password}: the master's password (a secret)
     * @param sentinelPassword {@code sentinel_password}: the sentinels' own password (a secret)
     */
    public record Sentinel(String master, List<String> nodes, Optional<Secret> password,
            Optional<Secret> sentinelPassword) {
        public Sentinel {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * {@code redis.cluster}.
     *
     * @param nodes {@code nodes}: some of the cluster's nodes, {@code host:port} each
     * @param password {@code password}: the nodes' password (a secret)
     */
    public record Cluster(List<String> nodes, Optional<Secret> password) {
        public Cluster {
            nodes = List.copyOf(nodes);
        }
    }
}
