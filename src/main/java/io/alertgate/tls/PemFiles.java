package io.alertgate.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (RFC 7468) with JDK primitives: certificate chains ({@code CERTIFICATE} blocks,
 * through {@link CertificateFactory}) and an unencrypted PKCS#8 private key ({@code PRIVATE KEY},
 * RSA, EC or Ed25519 — the form {@code openssl genpkey} and {@code openssl req -newkey -nodes}
 * write). JDK 25's {@code java.security.PEMDecoder} is a preview API, and alertgate's bytecode is 21.
 *
 * <p>Errors name the file and what was expected, never the key material.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {}

    /**
     * The certificates of {@code file}, in order (leaf first for a chain).
     *
     * @throws TlsException when the file is unreadable, holds no certificate, or one does not parse
     */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (!b.type().equals("CERTIFICATE")) continue;
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        } catch (CertificateException e) {
            throw new TlsException(file + ": not a valid X.509 certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw new TlsException(file + ": no -----BEGIN CERTIFICATE----- block");
        return out;
    }

    /**
     * The private key of {@code file}: its first {@code PRIVATE KEY} (PKCS#8) block.
     *
     * @throws TlsException when unreadable, absent, encrypted, in another form (PKCS#1
     *     {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}: convert with
     *     {@code openssl pkcs8 -topk8 -nocrypt}), or of an unknown algorithm
     */
    public static PrivateKey privateKey(Path file) {
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, b.der());
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsException(file
                        + ": the key is encrypted; decrypt it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new TlsException(file + ": " + b.type()
                        + " is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem");
                default -> { }
            }
        }
        throw new TlsException(file + ": no -----BEGIN PRIVATE KEY----- block");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Not this algorithm: the PKCS#8 header names it, but KeyFactory wants it up front.
            }
        }
        throw new TlsException(file + ": a PKCS#8 key of an unsupported algorithm (RSA, EC and Ed25519 are)");
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException(file + ": not readable (" + e.getClass().getSimpleName() + ")");
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsException(file + ": a " + m.group(1) + " block is not valid base64");
            }
        }
        return out;
    }
}
