package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedValuesTest {
    private static final Clock T0 = FernetVectors.clockAtEpochSecond(1_700_000_000L);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OLD = KeyRing.generateKey(RANDOM);
    private static final String NEW = KeyRing.generateKey(RANDOM);
    private static final Pattern ENC = Pattern.compile("enc:([A-Za-z0-9_-]+=*)");

    @TempDir
    Path dir;

    private static String enc(String key, String plaintext) {
        return "enc:" + Fernet.of(key, T0).encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void resolve_encValue_returnsDecryptedSecret() {
        EncryptedValues values = new EncryptedValues(Optional.of(KeyRing.of(List.of(NEW, OLD), T0)));
        assertEquals("xoxb-1", values.resolve(enc(OLD, "xoxb-1")).reveal());
    }

    @Test
    void resolve_plainValue_returnsItAsIs() {
        EncryptedValues values = new EncryptedValues(Optional.empty());
        assertEquals("https://hooks.example.invalid/x", values.resolve("https://hooks.example.invalid/x").reveal());
    }

    @Test
    void resolve_encValueWithoutKeyRing_failsNamingIt() {
        EncryptedValues values = new EncryptedValues(Optional.empty());
        EncryptedValueException e = assertThrows(EncryptedValueException.class, () -> values.resolve(enc(OLD, "x")));
        assertTrue(e.getMessage().contains("no key ring configured"), e.getMessage());
        assertTrue(e.reason().isEmpty());
    }

    @Test
    void resolve_tokenUnderUnknownKey_failsWithBadHmacAndNoSecretInMessage() {
        EncryptedValues values = new EncryptedValues(Optional.of(KeyRing.of(List.of(NEW), T0)));
        String value = enc(OLD, "top-secret");
        EncryptedValueException e = assertThrows(EncryptedValueException.class, () -> values.resolve(value));
        assertEquals(Optional.of(FernetException.Reason.BAD_HMAC), e.reason());
        assertTrue(e.getMessage().contains("BAD_HMAC"), e.getMessage());
        assertFalse(e.getMessage().contains(value.substring(4)));
        assertFalse(e.getMessage().contains(NEW));
    }

    @Test
    void resolve_garbledToken_failsWithBadBase64() {
        EncryptedValues values = new EncryptedValues(Optional.of(KeyRing.of(List.of(NEW), T0)));
        assertEquals(Optional.of(FernetException.Reason.BAD_BASE64),
                assertThrows(EncryptedValueException.class, () -> values.resolve("enc:%%%")).reason());
    }

    @Test
    void rotateFile_everyTokenShape_reencryptsAndKeepsLayoutByteForByte() {
        String a = enc(OLD, "a");
        String b = enc(OLD, "b");
        String c = enc(NEW, "c");
        String d = enc(OLD, "d");
        String e = enc(OLD, "e");
        String f = enc(OLD, "f");
        String g = enc(OLD, "g");
        String yaml = "# alertgate config\r\n"
                + "slack:\n"
                + "  webhook: " + a + "   # primary workspace, " + "enc:notatoken\n"
                + "  token: \"" + b + "\"\n"
                + "  signing: '" + c + "'\n"
                + "  # old: " + enc(OLD, "commented") + "\n"
                + "  list:\n"
                + "    - " + d + "\n"
                + "    - !!str " + e + "\n"
                + "  flow: [" + f + ", plain, \"x\"]\n"
                + "  map: {k: " + g + "}\n"
                + "  url: https://example.invalid/enc:abc\n"
                + "  text: some enc:abc words\n"
                + "  quoted: \"say enc:abc\"\n"
                + "\n";
        KeyRing ring = KeyRing.of(List.of(NEW, OLD), T0);

        String rotated = EncryptedValues.rotateFile(yaml, ring);

        // Everything but the seven value tokens is unchanged, in place.
        Matcher before = ENC.matcher(yaml);
        Matcher after = ENC.matcher(rotated);
        StringBuilder skeletonBefore = new StringBuilder();
        StringBuilder skeletonAfter = new StringBuilder();
        List<String> changedPlaintexts = new java.util.ArrayList<>();
        int lastBefore = 0;
        int lastAfter = 0;
        while (before.find()) {
            assertTrue(after.find());
            skeletonBefore.append(yaml, lastBefore, before.start(1));
            skeletonAfter.append(rotated, lastAfter, after.start(1));
            lastBefore = before.end(1);
            lastAfter = after.end(1);
            if (!before.group(1).equals(after.group(1))) {
                byte[] plain = Fernet.of(NEW, T0).decrypt(after.group(1), Optional.empty());
                assertArrayEquals(ring.decrypt(before.group(1)), plain);
                changedPlaintexts.add(new String(plain, StandardCharsets.UTF_8));
            }
        }
        assertFalse(after.find());
        assertEquals(skeletonBefore.append(yaml.substring(lastBefore)).toString(),
                skeletonAfter.append(rotated.substring(lastAfter)).toString());
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), changedPlaintexts);
        assertTrue(rotated.contains("  # old: " + yaml.split("# old: ")[1].split("\n")[0]), "comments stay");
    }

    @Test
    void rotateFile_textWithoutTokens_isUnchanged() {
        String yaml = "a: 1\n# enc:gAAAA\nb: \"enc:\"\nc: enc:\n";
        assertEquals(yaml, EncryptedValues.rotateFile(yaml, KeyRing.of(List.of(NEW), T0)));
    }

    @Test
    void rotateFile_mappingKeyThatLooksLikeToken_isNotRotated() {
        String key = enc(OLD, "k");
        String yaml = key + ": value\n\"" + key + "\": value\n";
        assertEquals(yaml, EncryptedValues.rotateFile(yaml, KeyRing.of(List.of(NEW), T0)));
    }

    @Test
    void rotateFile_tokenNoKeyOpens_failsNamingItsLine() {
        String yaml = "a: 1\nb: " + enc(OLD, "x") + "\n";
        EncryptedValueException e = assertThrows(EncryptedValueException.class,
                () -> EncryptedValues.rotateFile(yaml, KeyRing.of(List.of(NEW), T0)));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
        assertEquals(Optional.of(FernetException.Reason.BAD_HMAC), e.reason());
    }

    @Test
    void rotateFile_path_replacesAtomicallyKeepingPermissions() throws IOException {
        Path file = dir.resolve("alertgate.yaml");
        String yaml = "# keep me\nslack:\n  token: " + enc(OLD, "xoxb-9") + "  # note\n";
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        int count = EncryptedValues.rotateFile(file, KeyRing.of(List.of(NEW, OLD), T0));

        assertEquals(1, count);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String rotated = Files.readString(file);
        assertTrue(rotated.startsWith("# keep me\nslack:\n  token: enc:"));
        assertTrue(rotated.endsWith("  # note\n"));
        assertEquals("xoxb-9", new EncryptedValues(Optional.of(KeyRing.of(List.of(NEW), T0)))
                .resolve(rotated.split("token: ")[1].split(" ")[0]).reveal());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void rotateFile_pathWithBadToken_leavesFileUntouched() throws IOException {
        Path file = dir.resolve("alertgate.yaml");
        String yaml = "token: " + enc(OLD, "x") + "\n";
        Files.writeString(file, yaml);
        assertThrows(EncryptedValueException.class, () -> EncryptedValues.rotateFile(file, KeyRing.of(List.of(NEW), T0)));
        assertEquals(yaml, Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }

    @Test
    void encrypt_stdinWithTrailingNewline_trimsOneNewline() throws IOException {
        KeyRing ring = KeyRing.of(List.of(NEW), T0);
        String value = SecretCommands.encrypt(
                new ByteArrayInputStream("xoxb-1\n\n".getBytes(StandardCharsets.UTF_8)), ring);
        assertTrue(value.startsWith("enc:"));
        assertEquals("xoxb-1\n", new EncryptedValues(Optional.of(ring)).resolve(value).reveal());
        String crlf = SecretCommands.encrypt(new ByteArrayInputStream("s\r\n".getBytes(StandardCharsets.UTF_8)), ring);
        assertEquals("s", new EncryptedValues(Optional.of(ring)).resolve(crlf).reveal());
    }

    @Test
    void encrypt_emptyStdin_fails() {
        KeyRing ring = KeyRing.of(List.of(NEW), T0);
        assertThrows(IllegalArgumentException.class,
                () -> SecretCommands.encrypt(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)), ring));
    }

    @Test
    void keygen_printsOneValidKey() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SecretCommands.keygen(new PrintStream(bytes, true, StandardCharsets.UTF_8), RANDOM);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.endsWith(System.lineSeparator()));
        assertTrue(Fernet.isValidKey(printed.strip()));
        assertNotEquals(printed, KeyRing.generateKey(RANDOM) + System.lineSeparator());
    }
}
