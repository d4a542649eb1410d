package io.alertgate.config;

import java.util.Map;
import java.util.Optional;

/**
 * The whole loaded configuration: the server section, every tenant by id, and the optional
 * {@code redis} section (empty: state in memory) and the {@code dedup} section.
 */
public record GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants, Optional<RedisConfig> redis,
        DedupConfig dedup) {
    public GatewayConfig {
        tenants = Map.copyOf(tenants);
    }

    /** With the default {@code dedup} section. */
    public GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants, Optional<RedisConfig> redis) {
        this(server, tenants, redis, DedupConfig.defaults());
    }

    public GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants) {
        this(server, tenants, Optional.empty());
    }

    public Optional<TenantConfig> tenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }
}
