package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FernetTest {
    private static final String KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private static final Clock T0 = FernetVectors.clockAtEpochSecond(1_700_000_000L);

    /** invalid.json descriptions, each mapped to the reason it must fail with. */
    private static final Map<String, FernetException.Reason> INVALID_REASONS = Map.of(
            "incorrect mac", FernetException.Reason.BAD_HMAC,
            "too short", FernetException.Reason.TOO_SHORT,
            "invalid base64", FernetException.Reason.BAD_BASE64,
            "payload size not multiple of block size", FernetException.Reason.BAD_BLOCK_SIZE,
            "payload padding error", FernetException.Reason.BAD_PADDING,
            "far-future TS (unacceptable clock skew)", FernetException.Reason.FUTURE,
            "expired TTL", FernetException.Reason.EXPIRED,
            "incorrect IV (causes padding error)", FernetException.Reason.BAD_PADDING);

    @TestFactory
    Stream<DynamicTest> encrypt_generateVectors_reproduceTokenExactly() {
        List<Map<String, Object>> vectors = FernetVectors.list("generate.json");
        assertFalse(vectors.isEmpty());
        return vectors.stream().map(v -> DynamicTest.dynamicTest((String) v.get("token"), () -> {
            byte[] iv = FernetVectors.ivFromList(v.get("iv"));
            Fernet fernet = Fernet.of((String) v.get("secret"), FernetVectors.clockAt((String) v.get("now")), () -> iv);
            assertEquals(v.get("token"), fernet.encrypt(((String) v.get("src")).getBytes(StandardCharsets.UTF_8)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> decrypt_verifyVectors_returnSource() {
        List<Map<String, Object>> vectors = FernetVectors.list("verify.json");
        assertFalse(vectors.isEmpty());
        return vectors.stream().map(v -> DynamicTest.dynamicTest((String) v.get("token"), () -> {
            Fernet fernet = Fernet.of((String) v.get("secret"), FernetVectors.clockAt((String) v.get("now")));
            byte[] plain = fernet.decrypt((String) v.get("token"),
                    Optional.of(Duration.ofSeconds(FernetVectors.seconds(v.get("ttl_sec")))));
            assertEquals(v.get("src"), new String(plain, StandardCharsets.UTF_8));
        }));
    }

    @TestFactory
    Stream<DynamicTest> decrypt_invalidVectors_failWithTheirReason() {
        List<Map<String, Object>> vectors = FernetVectors.list("invalid.json");
        assertEquals(INVALID_REASONS.size(), vectors.size(), "every invalid vector has a mapped reason");
        return vectors.stream().map(v -> DynamicTest.dynamicTest((String) v.get("desc"), () -> {
            FernetException.Reason expected = INVALID_REASONS.get((String) v.get("desc"));
            assertTrue(expected != null, "no reason mapped for " + v.get("desc"));
            Fernet fernet = Fernet.of((String) v.get("secret"), FernetVectors.clockAt((String) v.get("now")));
            Optional<Duration> ttl = Optional.of(Duration.ofSeconds(FernetVectors.seconds(v.get("ttl_sec"))));
            FernetException e = assertThrows(FernetException.class, () -> fernet.decrypt((String) v.get("token"), ttl));
            assertEquals(expected, e.reason());
        }));
    }

    @Test
    void decrypt_tamperedHmac_failsWithBadHmac() {
        Fernet fernet = Fernet.of(KEY, T0);
        byte[] raw = Base64.getUrlDecoder().decode(fernet.encrypt("hello".getBytes(StandardCharsets.UTF_8)));
        raw[raw.length - 1] ^= 1;
        String tampered = Base64.getUrlEncoder().encodeToString(raw);
        assertEquals(FernetException.Reason.BAD_HMAC,
                assertThrows(FernetException.class, () -> fernet.decrypt(tampered, Optional.empty())).reason());
    }

    @Test
    void decrypt_tamperedTimestamp_failsWithBadHmacNotExpired() {
        Fernet fernet = Fernet.of(KEY, T0);
        byte[] raw = Base64.getUrlDecoder().decode(fernet.encrypt("hello".getBytes(StandardCharsets.UTF_8)));
        raw[8] ^= 1;
        String tampered = Base64.getUrlEncoder().encodeToString(raw);
        assertEquals(FernetException.Reason.BAD_HMAC, assertThrows(FernetException.class,
                () -> fernet.decrypt(tampered, Optional.of(Duration.ofSeconds(60)))).reason());
    }

    @Test
    void decrypt_wrongVersion_failsWithBadVersion() {
        Fernet fernet = Fernet.of(KEY, T0);
        byte[] raw = Base64.getUrlDecoder().decode(fernet.encrypt("hello".getBytes(StandardCharsets.UTF_8)));
        raw[0] = (byte) 0x81;
        String token = Base64.getUrlEncoder().encodeToString(raw);
        assertEquals(FernetException.Reason.BAD_VERSION,
                assertThrows(FernetException.class, () -> fernet.decrypt(token, Optional.empty())).reason());
    }

    @Test
    void decrypt_emptyToken_failsWithTooShort() {
        Fernet fernet = Fernet.of(KEY, T0);
        assertEquals(FernetException.Reason.TOO_SHORT,
                assertThrows(FernetException.class, () -> fernet.decrypt("", Optional.empty())).reason());
    }

    @Test
    void decrypt_withinClockSkew_succeedsAndBeyondFailsWithFuture() {
        String token = Fernet.of(KEY, T0).encrypt(new byte[] {1});
        Optional<Duration> ttl = Optional.of(Duration.ofHours(1));
        Clock sixtyBefore = Clock.fixed(T0.instant().minusSeconds(60), ZoneOffset.UTC);
        assertArrayEquals(new byte[] {1}, Fernet.of(KEY, sixtyBefore).decrypt(token, ttl));
        Clock sixtyOneBefore = Clock.fixed(T0.instant().minusSeconds(61), ZoneOffset.UTC);
        assertEquals(FernetException.Reason.FUTURE, assertThrows(FernetException.class,
                () -> Fernet.of(KEY, sixtyOneBefore).decrypt(token, ttl)).reason());
    }

    @Test
    void decrypt_atTtl_succeedsAndOneSecondLaterFailsWithExpired() {
        String token = Fernet.of(KEY, T0).encrypt(new byte[] {1});
        Optional<Duration> ttl = Optional.of(Duration.ofSeconds(60));
        assertArrayEquals(new byte[] {1},
                Fernet.of(KEY, Clock.fixed(T0.instant().plusSeconds(60), ZoneOffset.UTC)).decrypt(token, ttl));
        assertEquals(FernetException.Reason.EXPIRED, assertThrows(FernetException.class,
                () -> Fernet.of(KEY, Clock.fixed(T0.instant().plusSeconds(61), ZoneOffset.UTC)).decrypt(token, ttl))
                .reason());
    }

    @Test
    void decrypt_withoutTtl_ignoresAgeAndFuture() {
        String token = Fernet.of(KEY, T0).encrypt(new byte[] {1});
        Clock muchLater = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);
        Clock muchEarlier = Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertArrayEquals(new byte[] {1}, Fernet.of(KEY, muchLater).decrypt(token, Optional.empty()));
        assertArrayEquals(new byte[] {1}, Fernet.of(KEY, muchEarlier).decrypt(token, Optional.empty()));
    }

    @Test
    void of_malformedKey_failsWithoutEchoingIt() {
        String shortKey = "c2hvcnQta2V5LXNlY3JldA==";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fernet.of(shortKey, T0));
        assertFalse(e.getMessage().contains(shortKey));
        assertFalse(Fernet.isValidKey("not base64 !"));
        assertTrue(Fernet.isValidKey(KEY));
    }

    @Test
    void generateKey_randomBytes_isUsableKeyOf44Characters() {
        String key = Fernet.generateKey(new SecureRandom());
        assertEquals(44, key.length());
        Fernet fernet = Fernet.of(key, T0);
        assertArrayEquals(new byte[] {7}, fernet.decrypt(fernet.encrypt(new byte[] {7}), Optional.empty()));
    }

    @Test
    void toString_never_showsTheKey() {
        Fernet fernet = Fernet.of(KEY, T0);
        assertFalse(fernet.toString().contains(KEY));
        assertTrue(fernet.toString().contains(Secret.MASK));
    }
}
