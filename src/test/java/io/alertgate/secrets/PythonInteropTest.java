package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Round trips through Python's {@code cryptography.fernet}, both ways. Uses {@code $ALERTGATE_PYTHON},
 * else {@code /usr/bin/python3} (Debian's, with package {@code python3-cryptography}), else
 * {@code python3} on the PATH — the first that imports {@code cryptography.fernet}. Skipped when none
 * does, except under {@code CI=true}, where that is a failure.
 */
class PythonInteropTest {
    private static final String SCRIPT = """
            import sys
            from cryptography.fernet import Fernet, MultiFernet
            op = sys.argv[1]
            if op == "decrypt":
                sys.stdout.write(Fernet(sys.argv[2].encode()).decrypt(sys.argv[3].encode()).hex())
            elif op == "multidecrypt":
                ring = MultiFernet([Fernet(k.encode()) for k in sys.argv[2].split(",")])
                sys.stdout.write(ring.decrypt(sys.argv[3].encode()).hex())
            elif op == "encrypt":
                sys.stdout.write(Fernet(sys.argv[2].encode()).encrypt(bytes.fromhex(sys.argv[3])).decode())
            """;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static String python;

    @BeforeAll
    static void findPython() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("ALERTGATE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String candidate : candidates) {
            try {
                run(candidate, "-c", "import cryptography.fernet");
                python = candidate;
                return;
            } catch (IOException | AssertionError e) {
                // try the next one
            }
        }
        String message = "no python3 with the cryptography package (tried " + candidates + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI must install Debian's python3-cryptography");
        }
        Assumptions.abort(message);
    }

    @Test
    void decrypt_javaToken_pythonReadsIt() throws IOException {
        String key = KeyRing.generateKey(RANDOM);
        byte[] plaintext = "xoxb-java ✓ 日本".getBytes(StandardCharsets.UTF_8);
        String token = Fernet.of(key, Clock.systemUTC()).encrypt(plaintext);
        assertEquals(HexFormat.of().formatHex(plaintext), run(python, "-c", SCRIPT, "decrypt", key, token));
    }

    @Test
    void decrypt_pythonToken_javaReadsIt() throws IOException {
        String key = KeyRing.generateKey(RANDOM);
        byte[] plaintext = "https://hooks.example.invalid/services/T0/B0/X 🔔".getBytes(StandardCharsets.UTF_8);
        String token = run(python, "-c", SCRIPT, "encrypt", key, HexFormat.of().formatHex(plaintext));
        assertArrayEquals(plaintext, Fernet.of(key, Clock.systemUTC()).decrypt(token, Optional.empty()));
    }

    @Test
    void rotate_javaRotatedToken_pythonMultiFernetReadsIt() throws IOException {
        String oldKey = KeyRing.generateKey(RANDOM);
        String newKey = KeyRing.generateKey(RANDOM);
        String old = run(python, "-c", SCRIPT, "encrypt", oldKey, "00ff10");
        String rotated = KeyRing.of(List.of(newKey, oldKey), Clock.systemUTC()).rotate(old);
        assertEquals("00ff10", run(python, "-c", SCRIPT, "decrypt", newKey, rotated));
        assertEquals("00ff10", run(python, "-c", SCRIPT, "multidecrypt", newKey + "," + oldKey, rotated));
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python timed out");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("python exited " + process.exitValue() + ": " + output);
            }
            return output.strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
