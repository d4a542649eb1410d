package io.alertgate.validate;

import java.util.Locale;

/** How much {@code alertgate validate} checks; each level includes every check of the levels before it. */
public enum Level {
    /** Syntax, types, required and unknown keys, references, template compilation, {@code enc:} decryption. */
    BASIC,
    /** + templates rendered against sample payloads, Block Kit limits, shadowed rules, escalation order, rates. */
    STANDARD,
    /** + strict template variables, plain-text secrets, {@code http://} webhooks, fallback, signing secret. */
    STRICT,
    /** + inbound auth, wide CIDRs, non-Slack webhook hosts, single-key key ring, templates that may mention. */
    PARANOID;

    /** The lower-case spelling used on the command line and in {@code server.reload_validation_level}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code basic|standard|strict|paranoid}; throws IllegalArgumentException naming the choices. */
    public static Level parse(String s) {
        for (Level l : values()) if (l.spelling().equals(s)) return l;
        throw new IllegalArgumentException("level must be one of basic, standard, strict, paranoid; got '" + s + "'");
    }

    public boolean includes(Level other) {
        return compareTo(other) >= 0;
    }
}
