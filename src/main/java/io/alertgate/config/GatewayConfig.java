package io.alertgate.config;

import java.util.Map;
import java.util.Optional;

/** The whole loaded configuration: the server section and every tenant, by id. */
public record GatewayConfig(ServerConfig server, Map<String, TenantConfig> tenants) {
    public GatewayConfig {
        tenants = Map.copyOf(tenants);
    }

    public Optional<TenantConfig> tenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }
}
