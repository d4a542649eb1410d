package io.alertgate.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class FernetPropertiesTest {
    private static final Clock T0 = FernetVectors.clockAtEpochSecond(1_700_000_000L);
    private static final String KEY = "_VOKQtVmHl9n-RHR5ZJFHM3KHWqd82tTav1FH_2pWnY=";
    private static final Fernet FERNET = Fernet.of(KEY, T0);

    @Property(tries = 200)
    void decrypt_encryptedBytes_roundTrips(@ForAll @Size(max = 300) byte[] plaintext) {
        assertArrayEquals(plaintext, FERNET.decrypt(FERNET.encrypt(plaintext), Optional.empty()));
    }

    @Property(tries = 200)
    void decrypt_anyFlippedBit_isRejected(@ForAll @Size(max = 64) byte[] plaintext, @ForAll int position) {
        byte[] raw = Base64.getUrlDecoder().decode(FERNET.encrypt(plaintext));
        int bit = Math.floorMod(position, raw.length * 8);
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        String tampered = Base64.getUrlEncoder().encodeToString(raw);
        assertThrows(FernetException.class, () -> FERNET.decrypt(tampered, Optional.empty()));
    }

    @Property(tries = 300)
    void rotateFile_textWithoutEncPrefix_isUnchanged(@ForAll String text) {
        String yaml = text.replace("enc:", "enc;");
        assertEquals(yaml, EncryptedValues.rotateFile(yaml, KeyRing.of(List.of(KEY), T0)));
    }
}
