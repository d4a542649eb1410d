package io.alertgate.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, version 0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} keyed with
 * the app's signing secret (its UTF-8 bytes) over {@code v0:<X-Slack-Request-Timestamp>:<raw body>}.
 * Source: docs.slack.dev/authentication/verifying-requests-from-slack.
 *
 * <p>The comparison is constant-time and of the exact string (lowercase hex, as Slack sends it and
 * as Slack's SDKs compare); a timestamp more than {@link #MAX_SKEW} from now is refused, so a
 * captured request cannot be replayed later.
 */
public final class SlackSignature {
    /** Slack's documented replay window. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String VERSION = "v0";

    private SlackSignature() {}

    /**
     * @param secret the signing secret's UTF-8 bytes
     * @param timestamp the {@code X-Slack-Request-Timestamp} header (epoch seconds), may be null
     * @param body the raw request body, exactly as received (before any URL decoding)
     * @param signature the {@code X-Slack-Signature} header, may be null
     * @param now the current time, from the caller's clock
     * @return true when the signature matches and the timestamp is within {@link #MAX_SKEW} of now
     */
    public static boolean verify(byte[] secret, String timestamp, byte[] body, String signature, Instant now) {
        if (timestamp == null || signature == null || secret.length == 0) return false;
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) return false;
        byte[] expected = (VERSION + "=" + hmacHex(secret, timestamp.trim(), body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex HMAC-SHA256 of {@code v0:timestamp:body}; public for tests that sign requests. */
    public static String hmacHex(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
