package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    private static final Clock T0 = FernetVectors.clockAtEpochSecond(1_700_000_000L);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String A = KeyRing.generateKey(RANDOM);
    private static final String B = KeyRing.generateKey(RANDOM);
    private static final String C = KeyRing.generateKey(RANDOM);

    @TempDir
    Path dir;

    @Test
    void encrypt_ring_usesPrimaryKey() {
        String token = KeyRing.of(List.of(A, B), T0).encrypt(new byte[] {1});
        assertArrayEquals(new byte[] {1}, Fernet.of(A, T0).decrypt(token, Optional.empty()));
        assertThrows(FernetException.class, () -> Fernet.of(B, T0).decrypt(token, Optional.empty()));
    }

    @Test
    void decrypt_tokenUnderSecondaryKey_succeeds() {
        String token = Fernet.of(B, T0).encrypt(new byte[] {2});
        assertArrayEquals(new byte[] {2}, KeyRing.of(List.of(A, B), T0).decrypt(token));
    }

    @Test
    void decrypt_tokenUnderNoKey_failsWithBadHmac() {
        String token = Fernet.of(C, T0).encrypt(new byte[] {2});
        assertEquals(FernetException.Reason.BAD_HMAC,
                assertThrows(FernetException.class, () -> KeyRing.of(List.of(A, B), T0).decrypt(token)).reason());
    }

    @Test
    void decrypt_olderThanMaxAge_failsWithExpired() {
        String token = Fernet.of(B, T0).encrypt(new byte[] {2});
        Clock later = Clock.fixed(T0.instant().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        KeyRing ring = KeyRing.of(List.of(A, B), later).withMaxAge(Duration.ofDays(1));
        assertEquals(FernetException.Reason.EXPIRED, assertThrows(FernetException.class, () -> ring.decrypt(token)).reason());
        assertArrayEquals(new byte[] {2}, KeyRing.of(List.of(A, B), later).decrypt(token));
    }

    @Test
    void rotate_oldToken_isUnderPrimaryWithSameTimestamp() {
        String old = Fernet.of(B, T0).encrypt(new byte[] {3});
        Clock later = Clock.fixed(T0.instant().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        String rotated = KeyRing.of(List.of(A, B), later).withMaxAge(Duration.ofDays(1)).rotate(old);
        assertArrayEquals(new byte[] {3}, Fernet.of(A, T0).decrypt(rotated, Optional.of(Duration.ofSeconds(1))));
    }

    @Test
    void fromEnvironment_explicitKeyFile_winsOverEnvAndCredentials() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("keys"), "# rotated 2025-01\n\n" + B + "\n  " + A + "  \n");
        Path credentials = Files.createDirectory(dir.resolve("creds"));
        Files.writeString(credentials.resolve(KeyRing.CREDENTIAL_NAME), C + "\n");
        Map<String, String> env = Map.of(KeyRing.ENV_KEYS, C, KeyRing.ENV_CREDENTIALS_DIRECTORY, credentials.toString());

        KeyRing ring = KeyRing.fromEnvironment(env, Optional.of(keyFile), T0).orElseThrow();

        assertEquals(2, ring.size());
        assertEquals(keyFile.toString(), ring.source());
        assertArrayEquals(new byte[] {4}, Fernet.of(B, T0).decrypt(ring.encrypt(new byte[] {4}), Optional.empty()));
    }

    @Test
    void fromEnvironment_envKeys_winOverCredentialsDirectory() throws IOException {
        Path credentials = Files.createDirectory(dir.resolve("creds"));
        Files.writeString(credentials.resolve(KeyRing.CREDENTIAL_NAME), C + "\n");
        Map<String, String> env = Map.of(KeyRing.ENV_KEYS, " " + A + " , " + B + ",",
                KeyRing.ENV_CREDENTIALS_DIRECTORY, credentials.toString());

        KeyRing ring = KeyRing.fromEnvironment(env, Optional.empty(), T0).orElseThrow();

        assertEquals(KeyRing.ENV_KEYS, ring.source());
        assertEquals(2, ring.size());
        assertArrayEquals(new byte[] {5}, Fernet.of(A, T0).decrypt(ring.encrypt(new byte[] {5}), Optional.empty()));
    }

    @Test
    void fromEnvironment_onlyCredentialsDirectory_readsAlertgateKeys() throws IOException {
        Path credentials = Files.createDirectory(dir.resolve("creds"));
        Files.writeString(credentials.resolve(KeyRing.CREDENTIAL_NAME), C + "\n" + A + "\n");
        Map<String, String> env = Map.of(KeyRing.ENV_KEYS, "  ", KeyRing.ENV_CREDENTIALS_DIRECTORY, credentials.toString());

        KeyRing ring = KeyRing.fromEnvironment(env, Optional.empty(), T0).orElseThrow();

        assertEquals(2, ring.size());
        assertArrayEquals(new byte[] {6}, Fernet.of(C, T0).decrypt(ring.encrypt(new byte[] {6}), Optional.empty()));
    }

    @Test
    void fromEnvironment_nothingConfigured_isEmpty() throws IOException {
        Path emptyCredentials = Files.createDirectory(dir.resolve("creds"));
        assertTrue(KeyRing.fromEnvironment(Map.of(), Optional.empty(), T0).isEmpty());
        assertTrue(KeyRing.fromEnvironment(Map.of(KeyRing.ENV_CREDENTIALS_DIRECTORY, emptyCredentials.toString()),
                Optional.empty(), T0).isEmpty());
    }

    @Test
    void fromEnvironment_missingExplicitKeyFile_failsWithPath() {
        Path missing = dir.resolve("absent");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> KeyRing.fromEnvironment(Map.of(KeyRing.ENV_KEYS, A), Optional.of(missing), T0));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    @Test
    void fromEnvironment_malformedEnvKey_namesEntryButNotTheKey() {
        String broken = A.substring(0, 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.fromEnvironment(Map.of(KeyRing.ENV_KEYS, A + "," + broken), Optional.empty(), T0));
        assertTrue(e.getMessage().contains("ALERTGATE_KEYS entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains(broken));
    }

    @Test
    void fromFile_malformedLine_namesLineButNotTheKey() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("keys"), "# header\n" + A + "\nnot-a-key-but-secret\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.fromFile(keyFile, T0));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-key-but-secret"));
    }

    @Test
    void fromFile_onlyComments_failsWithNoKeys() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("keys"), "# nothing yet\n\n");
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromFile(keyFile, T0));
    }

    @Test
    void toString_ring_neverShowsAKey() {
        KeyRing ring = KeyRing.of(List.of(A, B), T0).withMaxAge(Duration.ofDays(1));
        String text = ring.toString() + " " + String.valueOf(ring);
        assertFalse(text.contains(A));
        assertFalse(text.contains(B));
        assertFalse(text.contains(A.substring(0, 8)));
        assertTrue(text.contains(Secret.MASK));
    }

    @Test
    void toString_secret_neverShowsTheValue() {
        Secret secret = Secret.of("xoxb-very-secret");
        assertEquals(Secret.MASK, secret.toString());
        assertFalse(("" + secret).contains("xoxb"));
    }
}
