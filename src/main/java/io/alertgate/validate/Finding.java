package io.alertgate.validate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One result of a check.
 *
 * @param severity error (the config is invalid), warning or hint
 * @param code a stable identifier ({@code AG104}); the README's table lists them per level
 * @param path the YAML path ({@code tenants.platform.environments.prod.slack.routing_rules[1]}), or a
 *     sample file name for sample-specific findings; "" when none applies
 * @param line 1-based line in the config file, 0 when unknown
 * @param message what is wrong; never contains a secret value
 * @param fix how to fix it
 */
public record Finding(Severity severity, String code, String path, int line, String message, String fix) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        path = path == null ? "" : path;
        message = Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }

    /** The JSON shape of one finding in {@code --format json} and {@code POST /-/reload}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", severity.spelling());
        m.put("code", code);
        m.put("path", path);
        m.put("line", line);
        m.put("message", message);
        m.put("fix", fix);
        return m;
    }
}
