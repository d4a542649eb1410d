package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Tokens made by Python's cryptography 48 (python-generated.json). */
class PythonGeneratedTokensTest {

    @TestFactory
    Stream<DynamicTest> decrypt_pythonTokens_returnPlaintextOrFailWithBadHmac() {
        List<Map<String, Object>> entries = FernetVectors.pythonEntries();
        assertEquals(6, entries.size());
        return entries.stream().map(e -> DynamicTest.dynamicTest(String.valueOf(e.get("note")), () -> {
            Clock clock = FernetVectors.clockAtEpochSecond(FernetVectors.seconds(e.get("timestamp")));
            Fernet fernet = Fernet.of((String) e.get("key"), clock);
            String token = (String) e.get("token");
            if ("InvalidToken".equals(e.get("expect"))) {
                assertEquals(FernetException.Reason.BAD_HMAC, assertThrows(FernetException.class,
                        () -> fernet.decrypt(token, Optional.empty())).reason());
            } else {
                assertEquals(e.get("plaintext"), new String(fernet.decrypt(token, Optional.empty()), StandardCharsets.UTF_8));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> encrypt_pythonEntriesWithFixedIv_reproduceTokenExactly() {
        return FernetVectors.pythonEntries().stream()
                .filter(e -> e.get("iv_hex") != null && e.get("plaintext") != null)
                .map(e -> DynamicTest.dynamicTest(String.valueOf(e.get("timestamp_iso")), () -> {
                    byte[] iv = FernetVectors.ivFromHex((String) e.get("iv_hex"));
                    Clock clock = FernetVectors.clockAtEpochSecond(FernetVectors.seconds(e.get("timestamp")));
                    Fernet fernet = Fernet.of((String) e.get("key"), clock, () -> iv);
                    assertEquals(e.get("token"),
                            fernet.encrypt(((String) e.get("plaintext")).getBytes(StandardCharsets.UTF_8)));
                }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void decrypt_multiFernetRotationExample_behavesAsPython() {
        Map<String, Object> rotation = FernetVectors.pythonEntries().stream()
                .filter(e -> e.get("old_token") != null).findFirst().orElseThrow();
        Clock clock = FernetVectors.clockAtEpochSecond(FernetVectors.seconds(rotation.get("timestamp")));
        String plaintext = (String) rotation.get("plaintext");
        String token = (String) rotation.get("token");
        String oldToken = (String) rotation.get("old_token");
        KeyRing ring = KeyRing.of((List<String>) rotation.get("multifernet_keys_in_order"), clock);

        assertEquals(plaintext, new String(ring.decrypt(token), StandardCharsets.UTF_8));
        assertEquals(plaintext, new String(ring.decrypt(oldToken), StandardCharsets.UTF_8));
        Fernet newKey = Fernet.of((String) rotation.get("key"), clock);
        Fernet oldKey = Fernet.of((String) rotation.get("old_key"), clock);
        assertEquals(plaintext, new String(newKey.decrypt(token, Optional.empty()), StandardCharsets.UTF_8));
        assertThrows(FernetException.class, () -> newKey.decrypt(oldToken, Optional.empty()));
        assertEquals(plaintext, new String(oldKey.decrypt(oldToken, Optional.empty()), StandardCharsets.UTF_8));
        assertThrows(FernetException.class, () -> oldKey.decrypt(token, Optional.empty()));

        String rotated = ring.rotate(oldToken);
        assertEquals(plaintext, new String(newKey.decrypt(rotated, Optional.empty()), StandardCharsets.UTF_8));
        assertTrue(rotated.substring(0, 12).equals(oldToken.substring(0, 12)), "rotation keeps the timestamp");
    }
}
