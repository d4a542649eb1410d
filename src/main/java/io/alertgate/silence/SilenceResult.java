package io.alertgate.silence;

/** What became of a silence request, classified once where the answer arrived. */
public sealed interface SilenceResult {
    /** Alertmanager accepted it. @param silenceId its {@code silenceID} */
    record Created(String silenceId) implements SilenceResult {}

    /**
     * It was not created.
     *
     * @param status the HTTP status, 0 when there was no answer
     * @param detail Alertmanager's error text (at most {@link AlertmanagerSilences#MAX_DETAIL_CHARS}) or the
     *     I/O error's class; never a credential
     */
    record Failed(Reason reason, int status, String detail) implements SilenceResult {}

    /** Why a silence was not created; the metric and audit label. */
    enum Reason {
        /** 400 and other 4xx: Alertmanager refused the silence itself. */
        REFUSED,
        /** 401 or 403: the configured credentials were refused. */
        AUTH,
        /** 5xx. */
        SERVER_ERROR,
        /** No answer within {@code alertmanager.timeout_ms}. */
        TIMEOUT,
        /** Connection refused, DNS, TLS, reset. */
        UNREACHABLE
    }
}
