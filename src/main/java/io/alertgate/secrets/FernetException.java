package io.alertgate.secrets;

/**
 * A Fernet token that could not be decrypted, classified once into a {@link Reason}. The message
 * names the reason only: it never carries the token, the key or any plaintext.
 */
public final class FernetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a token was rejected, in the order the checks run. */
    public enum Reason {
        /** Not url-safe base64. */
        BAD_BASE64("not url-safe base64"),
        /** First byte is not the version 0x80. */
        BAD_VERSION("unknown version byte (expected 0x80)"),
        /** Shorter than version + timestamp + IV + HMAC (57 bytes). */
        TOO_SHORT("too short to be a Fernet token"),
        /** HMAC-SHA256 does not match: tampered, or made with a key not in use here. */
        BAD_HMAC("HMAC mismatch (tampered, or signed with another key)"),
        /** Timestamp is more than the allowed clock skew in the future. */
        FUTURE("timestamp too far in the future"),
        /** Older than the time-to-live. */
        EXPIRED("token expired (older than its time-to-live)"),
        /** Authentic, but the ciphertext is empty or not a whole number of AES blocks. */
        BAD_BLOCK_SIZE("ciphertext is not a multiple of the AES block size"),
        /** Authentic, but PKCS#7 padding is wrong after decryption. */
        BAD_PADDING("bad padding after decryption");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public FernetException(Reason reason) {
        super("invalid Fernet token: " + reason.name() + " (" + reason.description() + ")");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
