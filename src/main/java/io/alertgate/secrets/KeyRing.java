package io.alertgate.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Fernet keys in use, with Python's {@code MultiFernet} semantics: encrypt under the primary
 * (first) key, decrypt with whichever key fits, rotate old tokens to the primary.
 *
 * <p>Where keys come from ({@link #fromEnvironment}), the first source present wins and the others
 * are not read, so there is never a question of how two sources merge:
 *
 * <ol>
 *   <li>an explicit key file (the CLI's or config's key-file option) — it must exist;
 *   <li>{@value #ENV_KEYS}: comma-separated keys, the first is primary (blank counts as unset);
 *   <li>{@code $CREDENTIALS_DIRECTORY/}{@value #CREDENTIAL_NAME}, systemd's {@code LoadCredential=}
 *       directory — read only when that file exists.
 * </ol>
 *
 * A key file holds one key per line, the first primary; blank lines and lines starting with
 * {@code #} are skipped. Keys are never printed: errors name the source and the entry number only.
 */
public final class KeyRing {
    public static final String ENV_KEYS = "ALERTGATE_KEYS";
    public static final String ENV_CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";
    public static final String CREDENTIAL_NAME = "alertgate.keys";
    /**
     * The entry of the environment map under which the CLI passes {@code --key-file} (a path) to
     * commands that read the ring deep inside ({@code serve}, {@code validate}, {@code render}):
     * source 1 above. Not a name a shell exports, so no real variable sets it.
     */
    public static final String KEY_FILE_OPTION = "--key-file";

    private final List<Fernet> fernets;
    private final Optional<Duration> maxAge;
    private final String source;

    private KeyRing(List<Fernet> fernets, Optional<Duration> maxAge, String source) {
        if (fernets.isEmpty()) {
            throw new IllegalArgumentException(source + ": no keys");
        }
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("max token age must be positive");
            }
        });
        this.fernets = List.copyOf(fernets);
        this.maxAge = maxAge;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A ring of base64url keys, the first primary, no maximum token age. */
    public static KeyRing of(List<String> keys, Clock clock) {
        return of(keys, clock, "keys");
    }

    /** Comma-separated keys; empty entries (a trailing comma) are skipped, entries count from 1. */
    private static KeyRing parseList(String listed, Clock clock) {
        List<Fernet> fernets = new ArrayList<>();
        String[] keys = listed.split(",", -1);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].isBlank()) {
                continue;
            }
            try {
                fernets.add(Fernet.of(keys[i], clock));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_KEYS + " entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new KeyRing(fernets, Optional.empty(), ENV_KEYS);
    }

    private static KeyRing of(List<String> keys, Clock clock, String source) {
        List<Fernet> fernets = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            try {
                fernets.add(Fernet.of(keys.get(i), clock));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new KeyRing(fernets, Optional.empty(), source);
    }

    /** A ring made of given Fernets (tests that fix IVs). */
    public static KeyRing ofFernets(List<Fernet> fernets) {
        return new KeyRing(fernets, Optional.empty(), "fernets");
    }

    /** The same keys, rejecting on decryption tokens older than {@code maxAge}. */
    public KeyRing withMaxAge(Duration maxAge) {
        return new KeyRing(fernets, Optional.of(maxAge), source);
    }

    public Optional<Duration> maxAge() {
        return maxAge;
    }

    /** Where the keys were read from ({@code ALERTGATE_KEYS}, a file path), for logs. */
    public String source() {
        return source;
    }

    public int size() {
        return fernets.size();
    }

    /** A new random Fernet key (base64url, 44 characters). */
    public static String generateKey(SecureRandom random) {
        return Fernet.generateKey(random);
    }

    /**
     * Keys from the first source present, in the order the class comment gives.
     *
     * @param keyFile an explicit key file; when present it must be readable
     * @return empty when no source is configured
     * @throws IllegalArgumentException when a source holds a malformed key or no key
     * @throws UncheckedIOException when a key file cannot be read
     */
    public static Optional<KeyRing> fromEnvironment(
            Map<String, String> env, Optional<Path> keyFile, Clock clock) {
        if (keyFile.isPresent()) {
            return Optional.of(fromFile(keyFile.get(), clock));
        }
        String optionFile = env.get(KEY_FILE_OPTION);
        if (optionFile != null) {
            return Optional.of(fromFile(Path.of(optionFile), clock));
        }
        String listed = env.get(ENV_KEYS);
        if (listed != null && !listed.isBlank()) {
            return Optional.of(parseList(listed, clock));
        }
        String credentials = env.get(ENV_CREDENTIALS_DIRECTORY);
        if (credentials != null && !credentials.isBlank()) {
            Path file = Path.of(credentials, CREDENTIAL_NAME);
            if (Files.isRegularFile(file)) {
                return Optional.of(fromFile(file, clock));
            }
        }
        return Optional.empty();
    }

    /** {@link #fromEnvironment(Map, Optional, Clock)} on the system clock (for {@code Main}). */
    public static Optional<KeyRing> fromEnvironment(Map<String, String> env, Optional<Path> keyFile) {
        return fromEnvironment(env, keyFile, Clock.systemUTC());
    }

    /** Reads a key file: one key per line, {@code #} comments and blank lines skipped. */
    public static KeyRing fromFile(Path file, Clock clock) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), clock);
    }

    /** Parses key-file text; {@code source} names it in errors. */
    public static KeyRing parse(String text, String source, Clock clock) {
        List<Fernet> fernets = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                fernets.add(Fernet.of(line, clock));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (fernets.isEmpty()) {
            throw new IllegalArgumentException(source + ": holds no keys");
        }
        return new KeyRing(fernets, Optional.empty(), source);
    }

    /** Encrypts under the primary key. */
    public String encrypt(byte[] plaintext) {
        return fernets.get(0).encrypt(plaintext);
    }

    /**
     * Decrypts with the first key whose HMAC matches, applying the maximum age when set.
     *
     * @throws FernetException {@code BAD_HMAC} when no key fits; otherwise the reason the fitting
     *     key gave (expired, padding, …)
     */
    public byte[] decrypt(String token) {
        Match match = openWithAnyKey(token);
        maxAge.ifPresent(age -> match.fernet().checkTime(match.opened().timestamp(), age));
        return match.opened().plaintext();
    }

    /**
     * Re-encrypts a token under the primary key with a fresh IV, keeping its timestamp and ignoring
     * the maximum age ({@code MultiFernet.rotate}).
     */
    public String rotate(String token) {
        Fernet.Opened opened = openWithAnyKey(token).opened();
        return fernets.get(0).encrypt(opened.plaintext(), opened.timestamp());
    }

    /**
     * Whether the primary key sealed {@code token}: false when another key of the ring did (after a
     * key rotation, such a value must be re-sealed with {@link #rotate} before that key is dropped).
     *
     * @throws FernetException as {@link #decrypt} when no key opens it
     */
    public boolean sealedUnderPrimary(String token) {
        return openWithAnyKey(token).fernet() == fernets.get(0);
    }

    private record Match(Fernet fernet, Fernet.Opened opened) {}

    private Match openWithAnyKey(String token) {
        byte[] data = Fernet.decodeToken(token);
        for (Fernet fernet : fernets) {
            try {
                return new Match(fernet, fernet.open(data));
            } catch (FernetException e) {
                if (e.reason() != FernetException.Reason.BAD_HMAC) {
                    throw e;
                }
            }
        }
        throw new FernetException(FernetException.Reason.BAD_HMAC);
    }

    /** Never shows a key. */
    @Override
    public String toString() {
        return "KeyRing[" + fernets.size() + " key(s) " + Secret.MASK + ", source=" + source
                + maxAge.map(age -> ", maxAge=" + age).orElse("") + "]";
    }
}
