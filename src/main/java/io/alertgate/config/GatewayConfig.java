package io.alertgate.config;

import java.util.Map;
import java.util.Optional;

/**
 * The whole loaded configuration: the server section, every tenant by id, and the optional
 * {@code redis} section (empty: state in memory).
 */
public record GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants, Optional<RedisConfig> redis) {
    public GatewayConfig {
        tenants = Map.copyOf(tenants);
    }

    public GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants) {
        this(server, tenants, Optional.empty());
    }

    public Optional<TenantConfig> tenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }
}
