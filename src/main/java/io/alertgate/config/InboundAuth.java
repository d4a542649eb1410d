package io.alertgate.config;

import io.alertgate.secrets.Secret;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's {@code auth} section (under {@code environments.<env>}): who may post its webhook.
 * Mirrors Alertmanager's {@code http_config} — {@code authorization.credentials} is the bearer
 * token, {@code basic_auth} the user and password. When a token or a basic user is set, a request
 * must present one of them; when {@code allowed_cidrs} is not empty, the client address (see
 * {@code server.trusted_proxies}) must lie in one of the blocks.
 *
 * @param bearerToken {@code bearer_token}: expected {@code Authorization: Bearer <token>}
 * @param basicUsername {@code basic.username}; present exactly when {@code basicPassword} is
 * @param basicPassword {@code basic.password}
 * @param allowedCidrs {@code allowed_cidrs}: IPv4/IPv6 blocks; empty = any address
 * @param clientCertSubjects {@code client_cert_subjects}: client certificate identities accepted
 *     for this tenant — the subject DN as RFC 2253 prints it ({@code CN=alertmanager,O=ops}) or any
 *     DNS, URI, e-mail or IP subject alternative name; empty = any certificate the listener's
 *     {@code server.tls.client_ca_file} accepts. Needs {@code client_ca_file}.
 */
public record InboundAuth(
        Optional<Secret> bearerToken, Optional<String> basicUsername, Optional<Secret> basicPassword,
        List<Cidr> allowedCidrs,
        List<String> clientCertSubjects) {
    public InboundAuth {
        allowedCidrs = List.copyOf(allowedCidrs);
        clientCertSubjects = List.copyOf(clientCertSubjects);
        if (basicUsername.isPresent() != basicPassword.isPresent()) {
            throw new IllegalArgumentException("basic needs both username and password");
        }
    }

    /** Without {@code client_cert_subjects}. */
    public InboundAuth(Optional<Secret> bearerToken, Optional<String> basicUsername, Optional<Secret> basicPassword,
            List<Cidr> allowedCidrs) {
        this(bearerToken, basicUsername, basicPassword, allowedCidrs, List.of());
    }

    /** No credentials and every address: the behaviour without an {@code auth} section. */
    public static InboundAuth open() {
        return new InboundAuth(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** True when a request must present a credential. */
    public boolean requiresCredentials() {
        return bearerToken.isPresent() || basicUsername.isPresent();
    }
}
