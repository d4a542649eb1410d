package io.alertgate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the real {@code openssl} for TLS tests: a CA, a server certificate for
 * 127.0.0.1/localhost and client certificates, each key an unencrypted PKCS#8 PEM file (EC P-256).
 */
final class TestPki {
    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
    }

    /** Creates the CA (CN {@code caName}) and the server certificate in {@code dir}. */
    static TestPki create(Path dir, String caName) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=" + caName, "-days", "2");
        pki.issue("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        return pki;
    }

    /** Issues a client certificate {@code name}.crt/.key with subject {@code subject}; returns {cert, key}. */
    Path[] client(String name, String subject) throws Exception {
        issue(name, subject, "extendedKeyUsage=clientAuth\n");
        return new Path[] {dir.resolve(name + ".crt"), dir.resolve(name + ".key")};
    }

    private void issue(String name, String subject, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ExternalProgram.require("openssl").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl did not finish: " + command);
        }
        if (p.exitValue() != 0) throw new IOException("openssl failed: " + command + "\n" + output);
    }
}
