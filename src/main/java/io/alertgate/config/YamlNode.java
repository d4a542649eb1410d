package io.alertgate.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A composed YAML node with its path, read through typed accessors that throw
 * {@link ConfigException} naming the path and line of a wrong type, a missing key or an unknown key.
 * Composing (not constructing) keeps every node's line, and no Java object is built by reflection.
 */
final class YamlNode {
    private final Node node;
    private final String path;
    private final UnaryOperator<String> interpolate;
    private final Set<String> read = new LinkedHashSet<>();

    YamlNode(Node node, String path, UnaryOperator<String> interpolate) {
        this.node = node;
        this.path = path;
        this.interpolate = interpolate;
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    ConfigException error(String message) {
        return new ConfigException(path, line(), message);
    }

    boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    /** The entries of a mapping, in file order; duplicate keys are an error. */
    Map<String, YamlNode> entries() throws ConfigException {
        if (!(node instanceof MappingNode m)) throw error("expected a mapping, got " + kind());
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(t.getKeyNode(), path, interpolate).error("mapping keys must be strings");
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (out.containsKey(key)) throw new YamlNode(k, childPath, interpolate).error("duplicate key");
            out.put(key, new YamlNode(t.getValueNode(), childPath, interpolate));
        }
        return out;
    }

    /** The child at {@code key} of a mapping, empty when absent or null. Marks the key as known. */
    Optional<YamlNode> get(String key) throws ConfigException {
        read.add(key);
        YamlNode child = entries().get(key);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(child);
    }

    YamlNode require(String key) throws ConfigException {
        return get(key).orElseThrow(() -> new ConfigException(
                path.isEmpty() ? key : path + "." + key, line(), "required key is missing"));
    }

    /** Fails on the first key of this mapping that no accessor asked for: typos must not pass silently. */
    void rejectUnknownKeys() throws ConfigException {
        for (var e : entries().entrySet()) {
            if (!read.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "'" + suggestion(e.getKey()));
            }
        }
    }

    private String suggestion(String key) {
        String best = null;
        int bestDistance = 3;
        for (String known : read) {
            int d = distance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    List<YamlNode> items() throws ConfigException {
        if (!(node instanceof SequenceNode s)) throw error("expected a list, got " + kind());
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new YamlNode(s.getValue().get(i), path + "[" + i + "]", interpolate));
        }
        return out;
    }

    /** A scalar as text, with {@code ${VAR}} references resolved. */
    String string() throws ConfigException {
        if (!(node instanceof ScalarNode s) || isNull()) throw error("expected a string, got " + kind());
        try {
            return interpolate.apply(s.getValue());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A scalar as text without {@code ${VAR}} resolution (secrets are resolved by the caller). */
    String rawString() throws ConfigException {
        if (!(node instanceof ScalarNode s) || isNull()) throw error("expected a string, got " + kind());
        return s.getValue();
    }

    UnaryOperator<String> interpolator() {
        return interpolate;
    }

    /**
     * A bad value as an error message may show it: quoted when written in the file, but not when it
     * came from the environment ({@code ${VAR}}), which may hold a secret set in the wrong place.
     */
    private String shown(String value) throws ConfigException {
        return rawString().contains("${") ? "a value from the environment (not shown)" : "'" + value + "'";
    }

    boolean bool() throws ConfigException {
        String v = string();
        return switch (v) {
            case "true", "True", "TRUE", "yes", "on" -> true;
            case "false", "False", "FALSE", "no", "off" -> false;
            default -> throw error("expected true or false, got " + shown(v));
        };
    }

    long longValue(long min, long max) throws ConfigException {
        String v = string().replace("_", "");
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw error("must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw error("expected an integer, got " + shown(v));
        }
    }

    int intValue(int min, int max) throws ConfigException {
        return (int) longValue(min, max);
    }

    double doubleValue(double min, double max) throws ConfigException {
        String v = string();
        try {
            double n = Double.parseDouble(v);
            if (!(n >= min && n <= max)) throw error("must be between " + min + " and " + max + ", got " + shown(v));
            return n;
        } catch (NumberFormatException e) {
            throw error("expected a number, got " + shown(v));
        }
    }

    /** A list of strings, or a single string taken as a list of one. */
    List<String> stringList() throws ConfigException {
        if (isScalar()) return List.of(string());
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) out.add(item.string());
        return out;
    }

    private String kind() {
        if (isNull()) return "null";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return "a scalar";
    }
}
