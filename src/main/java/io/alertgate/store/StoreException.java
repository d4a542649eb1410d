package io.alertgate.store;

/** The backing store could not be reached or answered an error; the caller retries later. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
