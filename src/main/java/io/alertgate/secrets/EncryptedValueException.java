package io.alertgate.secrets;

import java.util.Optional;

/**
 * An {@code enc:} value that cannot be decrypted or rotated, with why. The message never carries
 * the token, a key or plaintext; the config loader adds the YAML path.
 */
public final class EncryptedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<FernetException.Reason> reason;

    EncryptedValueException(String message) {
        super(message);
        this.reason = Optional.empty();
    }

    EncryptedValueException(String message, FernetException cause) {
        super(message, cause);
        this.reason = Optional.of(cause.reason());
    }

    /** The token's defect; empty when the problem is elsewhere (no key ring, not UTF-8). */
    public Optional<FernetException.Reason> reason() {
        return reason;
    }
}
