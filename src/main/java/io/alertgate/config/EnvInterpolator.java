package io.alertgate.config;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${VAR}} and {@code ${VAR:-default}} in config strings from the process
 * environment (injected, so tests pass a map). {@code $$} stands for a literal {@code $}.
 * An unset variable without a default is an error, never a silent empty string.
 */
final class EnvInterpolator implements UnaryOperator<String> {
    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String apply(String s) {
        if (s.indexOf('$') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int end = s.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unterminated ${ in value");
                String expr = s.substring(i + 2, end);
                int sep = expr.indexOf(":-");
                String name = sep < 0 ? expr : expr.substring(0, sep);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
                }
                String value = env.get(name);
                if (value == null || (sep >= 0 && value.isEmpty())) {
                    if (sep < 0) throw new IllegalArgumentException("environment variable " + name + " is not set");
                    value = expr.substring(sep + 2);
                }
                out.append(value);
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
