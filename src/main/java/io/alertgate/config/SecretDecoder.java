package io.alertgate.config;

import io.alertgate.secrets.Secret;

/**
 * Turns an {@code enc:<Fernet token>} config value into its clear {@link Secret}. The loader adds the
 * YAML path to whatever this throws, so a message here says only what is wrong with the value.
 */
@FunctionalInterface
public interface SecretDecoder {
    Secret decode(String encValue) throws IllegalArgumentException;

    /** For a process without a key ring: every {@code enc:} value is refused with a clear reason. */
    SecretDecoder NONE = v -> {
        throw new IllegalArgumentException(
                "this value is encrypted (enc:) but no key ring is configured: set ALERTGATE_KEYS");
    };
}
