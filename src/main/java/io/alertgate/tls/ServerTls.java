package io.alertgate.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS side of the listener ({@code server.tls}): the server certificate chain and key from PEM
 * files, and — when {@code client_ca_file} is set — client-certificate (mTLS) authentication
 * against that CA. The {@link SSLContext} is built once; its key and trust managers delegate to the
 * current {@link Material}, and {@link #configurator()} reads the current protocols and client-auth
 * mode for every new connection, so {@link #reload()} (config reload, SIGHUP) swaps certificates
 * without rebinding the port. Connections already open keep the material they shook hands with.
 */
public final class ServerTls {
    /** {@code min_version} when unset: TLS 1.0/1.1 are deprecated (RFC 8996). */
    public static final String DEFAULT_MIN_VERSION = "TLSv1.2";
    /** The accepted spellings of {@code min_version}, oldest first. */
    public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /**
     * Where the material comes from.
     *
     * @param certFile {@code cert_file}: PEM, the server certificate first, then intermediates
     * @param keyFile {@code key_file}: PEM, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
     * @param clientCaFile {@code client_ca_file}: PEM CA certificate(s); present = every client must
     *     present a certificate issued by one of them (mTLS); empty = no client certificate asked
     * @param minVersion {@code min_version}: {@code TLSv1.2} (default) or {@code TLSv1.3}
     */
    public record Settings(Path certFile, Path keyFile, Optional<Path> clientCaFile, String minVersion) {
        public Settings {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(clientCaFile, "clientCaFile");
            if (!VERSIONS.contains(minVersion)) {
                throw new IllegalArgumentException("min_version must be one of " + String.join(", ", VERSIONS));
            }
        }
    }

    /** One loaded generation of certificates; swapped whole on reload. */
    private record Material(X509ExtendedKeyManager keys, Optional<X509ExtendedTrustManager> clients, String[] protocols) {}

    private final Settings settings;
    private final AtomicReference<Material> material;
    private final SSLContext context;

    private ServerTls(Settings settings, Material first) {
        this.settings = settings;
        this.material = new AtomicReference<>(first);
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new CurrentKeys()}, new TrustManager[] {new CurrentClients()}, null);
        } catch (GeneralSecurityException e) {
            throw new TlsException("the JDK offers no TLS context: " + e.getMessage());
        }
    }

    /**
     * Loads the files of {@code settings}.
     *
     * @throws TlsException when a file is unreadable or malformed, or the key does not match the certificate
     */
    public static ServerTls load(Settings settings) {
        return new ServerTls(settings, read(settings));
    }

    /**
     * Re-reads the same files; new connections use them. On failure the old material stays in use.
     *
     * @throws TlsException as {@link #load}
     */
    public void reload() {
        material.set(read(settings));
    }

    /** Whether a client must present a certificate (mTLS), as of now. */
    public boolean clientCertificateRequired() {
        return material.get().clients().isPresent();
    }

    public SSLContext context() {
        return context;
    }

    /** For {@code HttpsServer.setHttpsConfigurator}: protocols and client auth, per connection. */
    public HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                Material m = material.get();
                SSLParameters p = context.getDefaultSSLParameters();
                p.setProtocols(m.protocols());
                p.setNeedClientAuth(m.clients().isPresent());
                params.setSSLParameters(p);
            }
        };
    }

    private static Material read(Settings s) {
        List<X509Certificate> chain = PemFiles.certificates(s.certFile());
        PrivateKey key = PemFiles.privateKey(s.keyFile());
        checkPair(s, chain.get(0), key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, new char[0], chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            Optional<X509ExtendedTrustManager> clients = Optional.empty();
            if (s.clientCaFile().isPresent()) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(s.clientCaFile().get())) trusted.setCertificateEntry("ca" + i++, ca);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
                clients = Optional.of((X509ExtendedTrustManager) tmf.getTrustManagers()[0]);
            }
            String[] protocols = s.minVersion().equals("TLSv1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
            return new Material(keys, clients, protocols);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsException(s.certFile() + ": cannot build the key store (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Signs a probe with the key and verifies it with the certificate: a mismatched pair fails here, not at the first handshake. */
    private static void checkPair(Settings s, X509Certificate cert, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "alertgate key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) throw new TlsException(s.keyFile() + ": the private key does not match the certificate in " + s.certFile());
    }

    /** Delegates to the current material's key manager. */
    private final class CurrentKeys extends X509ExtendedKeyManager {
        private X509ExtendedKeyManager now() {
            return material.get().keys();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return now().getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return now().chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return now().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return now().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return now().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return now().chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return now().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return now().getPrivateKey(alias);
        }
    }

    /** Delegates client checks to the current CA; without one, no client certificate is asked for or accepted. */
    private final class CurrentClients extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager now() throws CertificateException {
            return material.get().clients().orElseThrow(() -> new CertificateException("client certificates are not configured"));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            now().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            now().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            now().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server listener does not check servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a server listener does not check servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a server listener does not check servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return material.get().clients().map(X509ExtendedTrustManager::getAcceptedIssuers).orElse(new X509Certificate[0]);
        }
    }
}
