package io.alertgate.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Fernet key: encrypts and decrypts tokens byte-compatible with Python's
 * {@code cryptography.fernet.Fernet}.
 *
 * <p>Design note. The token is {@code 0x80 ‖ timestamp (u64 BE seconds) ‖ IV (16) ‖ AES-128-CBC
 * ciphertext (PKCS#7) ‖ HMAC-SHA256 (32)} in url-safe base64 with padding (github.com/fernet/spec,
 * Spec.md). The primitives are the JDK's ({@code javax.crypto}); only the framing is ours.
 * Decryption checks the HMAC (constant time) before anything that depends on the key or the clock,
 * so a forged token is always {@code BAD_HMAC}, never {@code EXPIRED}, and a {@link KeyRing} can tell
 * "wrong key" from "right key, expired". Python checks the timestamp before the HMAC; both reject
 * the same tokens, only the reason we report can differ. As in Python, the timestamp is checked
 * only when a time-to-live is given: a token is then rejected when older than the ttl or more than
 * {@link #MAX_CLOCK_SKEW} ahead of the clock.
 */
public final class Fernet {
    /** Python's {@code _MAX_CLOCK_SKEW}. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final int KEY_BYTES = 32;

    static final int VERSION = 0x80;
    static final int IV_BYTES = 16;
    static final int BLOCK_BYTES = 16;
    static final int HMAC_BYTES = 32;
    static final int HEADER_BYTES = 1 + 8 + IV_BYTES;
    static final int MIN_TOKEN_BYTES = HEADER_BYTES + HMAC_BYTES;

    /** Where IVs come from; {@link SecureRandom} unless a test fixes them. */
    @FunctionalInterface
    public interface IvSource {
        /** A fresh 16-byte IV. */
        byte[] nextIv();

        static IvSource secureRandom(SecureRandom random) {
            Objects.requireNonNull(random, "random");
            return () -> {
                byte[] iv = new byte[IV_BYTES];
                random.nextBytes(iv);
                return iv;
            };
        }
    }

    /** A verified token's timestamp and plaintext. */
    record Opened(long timestamp, byte[] plaintext) {}

    private final SecretKeySpec signingKey;
    private final SecretKeySpec encryptionKey;
    private final Clock clock;
    private final IvSource ivSource;

    private Fernet(byte[] key, Clock clock, IvSource ivSource) {
        this.signingKey = new SecretKeySpec(key, 0, 16, "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(key, 16, 16, "AES");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ivSource = Objects.requireNonNull(ivSource, "ivSource");
        Arrays.fill(key, (byte) 0);
    }

    /** A Fernet for a base64url key (44 characters), IVs from a new {@link SecureRandom}. */
    public static Fernet of(String key, Clock clock) {
        return of(key, clock, IvSource.secureRandom(new SecureRandom()));
    }

    /**
     * A Fernet for a base64url key; {@code ivSource} fixes the IVs (tests reproducing vectors).
     *
     * @throws IllegalArgumentException when the key is not 32 bytes of url-safe base64 (the
     *     message never repeats the key)
     */
    public static Fernet of(String key, Clock clock, IvSource ivSource) {
        return new Fernet(decodeKey(key), clock, ivSource);
    }

    /** A new random key in the format {@link #of} reads. */
    public static String generateKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        try {
            return Base64.getUrlEncoder().encodeToString(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Whether {@code key} is a well-formed Fernet key. */
    public static boolean isValidKey(String key) {
        try {
            Arrays.fill(decodeKey(key), (byte) 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decodeKey(String key) {
        Objects.requireNonNull(key, "key");
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Fernet key: not url-safe base64");
        }
        if (raw.length != KEY_BYTES) {
            Arrays.fill(raw, (byte) 0);
            throw new IllegalArgumentException(
                    "not a Fernet key: decodes to " + raw.length + " bytes, expected " + KEY_BYTES);
        }
        return raw;
    }

    /** Encrypts at the clock's current second with a fresh IV. */
    public String encrypt(byte[] plaintext) {
        return encrypt(plaintext, clock.instant().getEpochSecond());
    }

    /** Encrypts with a given timestamp (MultiFernet rotation keeps the original one). */
    String encrypt(byte[] plaintext, long timestamp) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = ivSource.nextIv();
        if (iv == null || iv.length != IV_BYTES) {
            throw new IllegalStateException("IV source must return " + IV_BYTES + " bytes");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            byte[] ciphertext = aes.doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + ciphertext.length + HMAC_BYTES);
            token.put((byte) VERSION).putLong(timestamp).put(iv).put(ciphertext);
            token.put(hmac(token.array(), token.position()));
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/CBC/PKCS5Padding or HmacSHA256", e);
        }
    }

    /**
     * Verifies and decrypts a token.
     *
     * @param ttl when present, reject tokens older than this or more than {@link #MAX_CLOCK_SKEW}
     *     in the future
     * @throws FernetException classified by {@link FernetException.Reason}
     */
    public byte[] decrypt(String token, Optional<Duration> ttl) {
        if (ttl.isPresent() && ttl.get().isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        byte[] data = decodeToken(token);
        Opened opened = open(data);
        ttl.ifPresent(t -> checkTime(opened.timestamp(), t));
        return opened.plaintext();
    }

    /** Decodes and checks the framing that does not depend on any key. */
    static byte[] decodeToken(String token) {
        Objects.requireNonNull(token, "token");
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new FernetException(FernetException.Reason.BAD_BASE64);
        }
        if (data.length == 0) {
            throw new FernetException(FernetException.Reason.TOO_SHORT);
        }
        if ((data[0] & 0xff) != VERSION) {
            throw new FernetException(FernetException.Reason.BAD_VERSION);
        }
        if (data.length < MIN_TOKEN_BYTES) {
            throw new FernetException(FernetException.Reason.TOO_SHORT);
        }
        return data;
    }

    /** HMAC, then block size, then decryption and padding; no clock involved. */
    Opened open(byte[] data) {
        int signedLength = data.length - HMAC_BYTES;
        byte[] expected = hmac(data, signedLength);
        byte[] actual = Arrays.copyOfRange(data, signedLength, data.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new FernetException(FernetException.Reason.BAD_HMAC);
        }
        int cipherLength = signedLength - HEADER_BYTES;
        if (cipherLength == 0 || cipherLength % BLOCK_BYTES != 0) {
            throw new FernetException(FernetException.Reason.BAD_BLOCK_SIZE);
        }
        long timestamp = ByteBuffer.wrap(data, 1, 8).getLong();
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(data, 9, IV_BYTES));
            return new Opened(timestamp, aes.doFinal(data, HEADER_BYTES, cipherLength));
        } catch (BadPaddingException e) {
            throw new FernetException(FernetException.Reason.BAD_PADDING);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES/CBC/PKCS5Padding", e);
        }
    }

    /** Python's order: expired first, then too far in the future. */
    void checkTime(long timestamp, Duration ttl) {
        if (timestamp < 0 || timestamp > Long.MAX_VALUE / 2) {
            throw new FernetException(FernetException.Reason.FUTURE);
        }
        long age = clock.instant().getEpochSecond() - timestamp;
        if (age > ttl.getSeconds()) {
            throw new FernetException(FernetException.Reason.EXPIRED);
        }
        if (-age > MAX_CLOCK_SKEW.getSeconds()) {
            throw new FernetException(FernetException.Reason.FUTURE);
        }
    }

    private byte[] hmac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "Fernet[key=" + Secret.MASK + "]";
    }
}
