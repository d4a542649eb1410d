package io.alertgate.app;

import io.alertgate.config.TlsListener;
import io.alertgate.tls.TlsException;
import io.alertgate.validate.StartCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code serve}'s start refusals as a {@link StartCheck} for {@code validate}: loads the TLS
 * listener's files with {@link IngressWiring#tls} (SEC1 or encrypted keys, a key not matching the
 * certificate → {@code AG250} at the file's key) and asks {@link TokenRotationWiring#refusal}
 * (token rotation with Redis and no key ring → {@code AG260} at the tenant's
 * {@code app_config.refresh_token}). The same calls serve makes, so the two never disagree.
 */
final class ServeChecks {
    private ServeChecks() {}

    /** @param env where the key ring comes from ({@code ALERTGATE_KEYS}, the systemd credential) */
    static StartCheck of(Map<String, String> env) {
        return config -> {
            List<StartCheck.Refusal> out = new ArrayList<>();
            Optional<TlsListener> tls = config.server().ingress().tls();
            if (tls.isPresent()) {
                try {
                    IngressWiring.tls(config.server().ingress());
                } catch (TlsException e) {
                    out.add(new StartCheck.Refusal("AG250", Optional.empty(), tlsPath(tls.get(), e.getMessage()), e.getMessage(),
                            "give an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; `openssl pkcs8 -topk8 -nocrypt`) matching cert_file"));
                }
            }
            TokenRotationWiring.refusal(config, env).ifPresent(r -> out.add(new StartCheck.Refusal("AG260",
                    Optional.of(r.getKey()), "app_config.refresh_token", r.getValue(),
                    "set ALERTGATE_KEYS (or the systemd credential alertgate.keys) where serve and validate run")));
            return out;
        };
    }

    /** The {@code server.tls} key whose file {@code message} names (TlsException messages start with the file). */
    private static String tlsPath(TlsListener t, String message) {
        if (named(message, t.keyFile())) return "server.tls.key_file";
        if (named(message, t.certFile())) return "server.tls.cert_file";
        if (t.clientCaFile().isPresent() && named(message, t.clientCaFile().get())) return "server.tls.client_ca_file";
        return "server.tls";
    }

    private static boolean named(String message, Path file) {
        return message != null && message.startsWith(file + ":");
    }
}
