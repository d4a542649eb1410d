package io.alertgate.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook body alertgate will not accept, with the HTTP status to answer and the field path of
 * the offending value. The message is written for the sender: short, naming what was expected,
 * never echoing the body.
 */
public final class IngestException extends Exception {

    public static final int BAD_REQUEST = 400;
    public static final int PAYLOAD_TOO_LARGE = 413;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;

    private final int status;
    private final String error;
    private final String path;

    /**
     * @param path field path such as {@code alerts[0].labels.severity}; "" when none applies
     */
    public IngestException(int status, String error, String path) {
        // No stack trace: this is an answer to bad input, not a bug, and a flood of bad requests
        // should not pay for stack walks.
        super(error, null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.path = path == null ? "" : path;
    }

    static IngestException badRequest(String error, String path) {
        return new IngestException(BAD_REQUEST, error, path);
    }

    /** The HTTP status to answer: 400, 413 or 415. */
    public int status() {
        return status;
    }

    /** What is wrong, for a human. */
    public String error() {
        return error;
    }

    /** The field path of the offending value, or "" when none applies. */
    public String path() {
        return path;
    }

    /** The HTTP error body: {@code {"error": …, "path": …}}, without {@code path} when it is "". */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        if (!path.isEmpty()) json.put("path", path);
        return json;
    }

    @Override
    public String getMessage() {
        return path.isEmpty() ? error : path + ": " + error;
    }
}
