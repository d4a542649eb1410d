package io.alertgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code server.tls}: serve HTTPS instead of HTTP on {@code server.listen}, optionally requiring a
 * client certificate (mTLS). The same files Alertmanager's {@code http_config.tls_config} and the
 * Prometheus web config use: PEM certificates and an unencrypted PKCS#8 PEM key.
 *
 * @param certFile {@code cert_file}: server certificate (then intermediates), PEM
 * @param keyFile {@code key_file}: its private key, PEM PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param clientCaFile {@code client_ca_file}: CA certificate(s), PEM; set = every client must present
 *     a certificate issued by one of them; unset = no client certificate is asked for
 * @param minVersion {@code min_version}: {@code TLSv1.2} (default) or {@code TLSv1.3}
 */
public record TlsListener(Path certFile, Path keyFile, Optional<Path> clientCaFile, String minVersion) {
    public static final String DEFAULT_MIN_VERSION = "TLSv1.2";
    public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");
}
