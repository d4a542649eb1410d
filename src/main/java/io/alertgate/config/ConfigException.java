package io.alertgate.config;

/**
 * A configuration error, naming where it is: the YAML path (e.g.
 * {@code tenants.acme.environments.prod.slack.routing_rules[2].target_channels[0]}) and, when known,
 * the 1-based line in the file. Never carries a secret value.
 */
public final class ConfigException extends Exception {
    private final String path;
    private final int line;

    public ConfigException(String path, int line, String message) {
        super(message);
        this.path = path == null ? "" : path;
        this.line = line;
    }

    public ConfigException(String path, String message) {
        this(path, 0, message);
    }

    /** The YAML path of the bad value; "" for the whole file. */
    public String path() {
        return path;
    }

    /** 1-based line of the bad value, 0 when unknown (e.g. an environment variable). */
    public int line() {
        return line;
    }

    /** One line for people: {@code path (line N): message}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!path.isEmpty()) sb.append(path);
        if (line > 0) sb.append(sb.isEmpty() ? "" : " ").append("(line ").append(line).append(')');
        if (!sb.isEmpty()) sb.append(": ");
        return sb.append(getMessage()).toString();
    }
}
