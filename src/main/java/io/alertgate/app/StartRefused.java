package io.alertgate.app;

/**
 * The configuration cannot be served as the process is set up (e.g. token rotation with Redis but
 * no key ring); {@code serve} prints the message and exits 1, without a stack trace.
 */
public final class StartRefused extends RuntimeException {
    public StartRefused(String message) {
        super(message);
    }
}
