package io.alertgate.secrets;

import java.util.Objects;

/**
 * A decrypted or resolved secret value (Slack webhook URL, bot token, signing secret). Its
 * {@code toString} prints {@code [MASKED]}, so a secret cannot leak through logs, error messages,
 * metrics or HTTP answers by accident; {@link #reveal()} is the one deliberate way out.
 */
public final class Secret {
    public static final String MASK = "[MASKED]";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear value, for the one place that must send it (an HTTP request to Slack). */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
