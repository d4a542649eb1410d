package io.alertgate.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Config values of the form {@code enc:<Fernet token>}: resolving them to {@link Secret}s, and
 * re-encrypting every one in a YAML file under a key ring's primary key.
 *
 * <p>Design note. Rotation edits the text, never a parsed tree, so that comments, quoting, order
 * and line endings stay byte-for-byte; only the token characters after {@code enc:} change. The
 * scanner knows just enough YAML to find scalars that are exactly {@code enc:<base64url>}: plain,
 * single- or double-quoted, in block or flow collections, after tags and anchors; it skips
 * comments and text inside longer scalars. A token inside a literal block ({@code |}) is rotated
 * when it stands alone on its line. Rotation is all or nothing: one token that no key opens fails
 * the whole file, naming its line.
 */
public final class EncryptedValues {
    public static final String PREFIX = "enc:";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+=*");

    private final Optional<KeyRing> ring;

    /** Resolves with {@code ring}; without one, every {@code enc:} value is an error. */
    public EncryptedValues(Optional<KeyRing> ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    public static boolean isEncrypted(String configValue) {
        return configValue.startsWith(PREFIX);
    }

    /**
     * The secret a config value stands for: an {@code enc:} value decrypted (UTF-8), any other value
     * as it is.
     *
     * @throws EncryptedValueException when no key ring is configured, the token is invalid (its
     *     reason is given), or the plaintext is not UTF-8
     */
    public Secret resolve(String configValue) {
        Objects.requireNonNull(configValue, "configValue");
        if (!isEncrypted(configValue)) {
            return Secret.of(configValue);
        }
        KeyRing keys = ring.orElseThrow(() -> new EncryptedValueException(
                "enc: value cannot be decrypted: no key ring configured (set " + KeyRing.ENV_KEYS
                        + ", a key file, or the systemd credential " + KeyRing.CREDENTIAL_NAME + ")"));
        byte[] plaintext;
        try {
            plaintext = keys.decrypt(configValue.substring(PREFIX.length()));
        } catch (FernetException e) {
            throw new EncryptedValueException("enc: value cannot be decrypted with the key ring from "
                    + keys.source() + ": " + e.reason().name() + " (" + e.reason().description() + ")", e);
        }
        try {
            return Secret.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new EncryptedValueException("enc: value decrypts to bytes that are not UTF-8");
        }
    }

    /**
     * Re-encrypts every {@code enc:} value under the ring's primary key (keeping each token's
     * timestamp, as {@code MultiFernet.rotate}); everything else is kept byte for byte.
     *
     * @throws EncryptedValueException naming the line of the first token no key opens
     */
    public static String rotateFile(String yamlText, KeyRing ring) {
        Objects.requireNonNull(ring, "ring");
        StringBuilder out = new StringBuilder(yamlText.length());
        int copied = 0;
        for (TokenSpan span : findTokens(yamlText)) {
            String rotated;
            try {
                rotated = ring.rotate(yamlText.substring(span.start(), span.end()));
            } catch (FernetException e) {
                throw new EncryptedValueException("line " + span.line() + ": enc: value cannot be rotated: "
                        + e.reason().name() + " (" + e.reason().description() + ")", e);
            }
            out.append(yamlText, copied, span.start()).append(rotated);
            copied = span.end();
        }
        return out.append(yamlText, copied, yamlText.length()).toString();
    }

    /**
     * {@link #rotateFile(String, KeyRing)} on a file, replaced atomically: a temporary file in the
     * same directory with the original's permissions (and owner and group, when they differ and may
     * be set), synced, then moved over the original with {@code ATOMIC_MOVE}. A symbolic link is
     * followed; its target is replaced. Nothing is written when the file holds no {@code enc:} value.
     *
     * @return how many values were re-encrypted
     * @throws EncryptedValueException when a token cannot be opened; the file is left untouched
     */
    public static int rotateFile(Path file, KeyRing ring) throws IOException {
        Path target = file.toRealPath();
        byte[] bytes = Files.readAllBytes(target);
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        int count = findTokens(text).size();
        if (count == 0) {
            return 0;
        }
        String rotated = rotateFile(text, ring);
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            copyOwnershipAndMode(target, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(rotated.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
        return count;
    }

    private static void copyOwnershipAndMode(Path from, Path to) throws IOException {
        PosixFileAttributeView toView =
                Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (toView == null) {
            return; // not a POSIX file system: the temp file keeps the platform's default
        }
        PosixFileAttributes attributes = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes current = toView.readAttributes();
        UserPrincipal owner = attributes.owner();
        GroupPrincipal group = attributes.group();
        if (!owner.equals(current.owner())) {
            toView.setOwner(owner); // fails unless privileged: better than a file the service cannot read
        }
        if (!group.equals(current.group())) {
            toView.setGroup(group);
        }
        toView.setPermissions(attributes.permissions());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the rename itself has happened.
        }
    }

    /** Where one token (the characters after {@code enc:}) sits in the text; lines count from 1. */
    record TokenSpan(int line, int start, int end) {}

    /** Every scalar that is exactly {@code enc:<base64url>}, in text order. */
    static List<TokenSpan> findTokens(String text) {
        return new Scanner(text).scan();
    }

    /** A line-by-line scanner that tracks quotes left open across lines and flow nesting. */
    private static final class Scanner {
        private final String text;
        private final List<TokenSpan> spans = new ArrayList<>();
        private char openQuote;
        private int flowDepth;
        private int line;

        Scanner(String text) {
            this.text = text;
        }

        List<TokenSpan> scan() {
            int pos = 0;
            line = 0;
            while (pos <= text.length()) {
                line++;
                int newline = text.indexOf('\n', pos);
                int end = newline < 0 ? text.length() : newline;
                scanLine(pos, end);
                if (newline < 0) {
                    break;
                }
                pos = newline + 1;
            }
            return spans;
        }

        private void scanLine(int start, int end) {
            int i = start;
            if (openQuote != 0) {
                int close = closingQuote(i, end, openQuote);
                if (close < 0) {
                    return;
                }
                openQuote = 0;
                i = close + 1;
            }
            boolean nodeStart = i == start;
            while (i < end) {
                char c = text.charAt(i);
                if (isBlank(c)) {
                    i++;
                } else if (c == '#' && (i == start || isBlank(text.charAt(i - 1)))) {
                    return;
                } else if (flowDepth > 0 && c == ',') {
                    nodeStart = true;
                    i++;
                } else if (c == ']' || c == '}') {
                    flowDepth = Math.max(0, flowDepth - 1);
                    nodeStart = false;
                    i++;
                } else if (c == ':' && (i + 1 == end || isBlank(text.charAt(i + 1)) || flowDepth > 0)) {
                    nodeStart = true;
                    i++;
                } else if (!nodeStart) {
                    i++;
                } else if ((c == '-' || c == '?') && (i + 1 == end || isBlank(text.charAt(i + 1)))) {
                    i++;
                } else if (c == '[' || c == '{') {
                    flowDepth++;
                    i++;
                } else if (c == '!' || c == '&' || c == '*') {
                    while (i < end && !isBlank(text.charAt(i))) {
                        i++;
                    }
                } else if (c == '|' || c == '>') {
                    return; // block scalar header; its content lines are scanned as they come
                } else if (c == '"' || c == '\'') {
                    int close = closingQuote(i + 1, end, c);
                    if (close < 0) {
                        openQuote = c;
                        return;
                    }
                    if (!isMappingKey(close + 1, end)) {
                        candidate(i + 1, close);
                    }
                    nodeStart = false;
                    i = close + 1;
                } else {
                    int stop = plainScalarEnd(i, end);
                    int last = stop;
                    while (last > i && isBlank(text.charAt(last - 1))) {
                        last--;
                    }
                    if (!isMappingKey(stop, end)) {
                        candidate(i, last);
                    }
                    nodeStart = false;
                    i = stop;
                }
            }
        }

        /** Records the scalar [from, to) when it is exactly {@code enc:<base64url>}. */
        private void candidate(int from, int to) {
            if (to - from > PREFIX.length() && text.startsWith(PREFIX, from)
                    && TOKEN.matcher(text).region(from + PREFIX.length(), to).matches()) {
                spans.add(new TokenSpan(line, from + PREFIX.length(), to));
            }
        }

        /** Whether the scalar that ended at {@code i} is followed by a mapping colon. */
        private boolean isMappingKey(int i, int end) {
            while (i < end && isBlank(text.charAt(i))) {
                i++;
            }
            return i < end && text.charAt(i) == ':'
                    && (i + 1 == end || isBlank(text.charAt(i + 1)) || flowDepth > 0);
        }

        /** A plain scalar ends at a mapping colon, a comment, the line's end, or (in flow) , ] }. */
        private int plainScalarEnd(int i, int end) {
            for (int j = i; j < end; j++) {
                char c = text.charAt(j);
                if (c == ':' && (j + 1 == end || isBlank(text.charAt(j + 1)))) {
                    return j;
                }
                if (c == '#' && isBlank(text.charAt(j - 1))) {
                    return j;
                }
                if (flowDepth > 0 && (c == ',' || c == ']' || c == '}')) {
                    return j;
                }
            }
            return end;
        }

        /** Index of the closing quote on this line, or -1; {@code \"} and {@code ''} are escapes. */
        private int closingQuote(int i, int end, char quote) {
            for (int j = i; j < end; j++) {
                char c = text.charAt(j);
                if (quote == '"' && c == '\\') {
                    j++;
                } else if (c == quote) {
                    if (quote == '\'' && j + 1 < end && text.charAt(j + 1) == '\'') {
                        j++;
                    } else {
                        return j;
                    }
                }
            }
            return -1;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\r';
        }
    }
}
