package io.alertgate.tls;

/** TLS material that cannot be used (unreadable file, wrong PEM form, key not matching); the message names the file. */
public final class TlsException extends RuntimeException {
    public TlsException(String message) {
        super(message);
    }
}
