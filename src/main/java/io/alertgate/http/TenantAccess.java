package io.alertgate.http;

import java.net.InetAddress;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Who may post one tenant's webhook, as checks built by {@code app} from the tenant's {@code auth}
 * config (the secrets stay there; each check compares in constant time).
 *
 * @param bearer checks the token of {@code Authorization: Bearer <token>}; empty config: always false
 * @param basic checks user and password of {@code Authorization: Basic}; empty config: always false
 * @param credentialsRequired true when a bearer token or basic user is configured
 * @param basicOffered true when basic auth is configured (named in {@code WWW-Authenticate})
 * @param addressAllowed checks the client address against {@code allowed_cidrs}
 * @param clientCertSubjects accepted client certificate identities (subject DN in RFC 2253, or a
 *     DNS/URI/e-mail/IP alternative name); empty = no per-tenant check
 */
public record TenantAccess(
        Predicate<String> bearer, BiPredicate<String, String> basic, boolean credentialsRequired,
        boolean basicOffered, Predicate<InetAddress> addressAllowed, java.util.Set<String> clientCertSubjects) {
    public TenantAccess {
        clientCertSubjects = java.util.Set.copyOf(clientCertSubjects);
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(basic, "basic");
        Objects.requireNonNull(addressAllowed, "addressAllowed");
    }

    /** Without a client certificate check. */
    public TenantAccess(Predicate<String> bearer, BiPredicate<String, String> basic, boolean credentialsRequired,
            boolean basicOffered, Predicate<InetAddress> addressAllowed) {
        this(bearer, basic, credentialsRequired, basicOffered, addressAllowed, java.util.Set.of());
    }

    /** Anyone, from anywhere: a tenant without an {@code auth} section. */
    public static TenantAccess open() {
        return new TenantAccess(t -> false, (u, p) -> false, false, false, a -> true);
    }
}
