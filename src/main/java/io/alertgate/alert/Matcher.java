package io.alertgate.alert;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An Alertmanager label matcher ({@code name=value}, {@code !=}, {@code =~}, {@code !~}). Regexes
 * are anchored on both ends, as Alertmanager anchors them, and compiled once. A missing label
 * matches as the empty string, again as in Alertmanager.
 */
public record Matcher(String name, Type type, String value, Pattern pattern) {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        public final String operator;

        Type(String operator) {
            this.operator = operator;
        }
    }

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Builds a matcher; throws IllegalArgumentException naming the regex error for a bad regex. */
    public static Matcher of(String name, Type type, String value) {
        Pattern p = null;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                p = Pattern.compile("^(?:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex " + quote(value) + ": " + e.getDescription());
            }
        }
        return new Matcher(name, type, value, p);
    }

    /**
     * Parses one matcher string such as {@code severity=~"critical|high"} or {@code env!=dev}.
     * Values may be double-quoted (with {@code \"} and {@code \\} escapes) or bare.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static Matcher parse(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        String name = s.substring(0, i);
        if (name.isEmpty()) throw new IllegalArgumentException("matcher " + quote(text) + " has no label name");
        String rest = s.substring(i).stripLeading();
        Type type = null;
        for (Type t : new Type[] {Type.REGEX, Type.NOT_REGEX, Type.NOT_EQUAL, Type.EQUAL}) {
            if (rest.startsWith(t.operator)) {
                type = t;
                break;
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("matcher " + quote(text) + " needs one of =, !=, =~, !~ after the label name");
        }
        String raw = rest.substring(type.operator.length()).strip();
        return of(name, type, unquote(raw, text));
    }

    private static String unquote(String raw, String text) {
        if (!raw.startsWith("\"")) return raw;
        if (raw.length() < 2 || !raw.endsWith("\"")) {
            throw new IllegalArgumentException("matcher " + quote(text) + " has an unterminated quoted value");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() - 1) {
                char n = raw.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when the labels satisfy this matcher (a missing label is the empty string). */
    public boolean matches(Labels labels) {
        String v = labels.valueOrEmpty(name);
        return switch (type) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    @Override
    public String toString() {
        return name + type.operator + quote(value);
    }

    private static String quote(String v) {
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
