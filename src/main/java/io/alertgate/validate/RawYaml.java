package io.alertgate.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The config file as written, before {@code ${VAR}} and {@code enc:} resolution: every node by its
 * YAML path (the loader's spelling, {@code a.b[2].c}) with its line and, for scalars, its raw text.
 * The checks use it to point at lines and to tell where a secret came from (its provenance) without
 * the loaded records having to carry either.
 */
final class RawYaml {
    /** Where a secret value comes from. */
    enum Provenance {
        /** {@code enc:<Fernet token>}, decrypted with the key ring. */
        ENCRYPTED,
        /** {@code ${VAR}} from the environment (or a systemd credential / file through it). */
        ENVIRONMENT,
        /** Written in the file in clear. */
        PLAIN
    }

    private final Map<String, Node> byPath = new HashMap<>();

    private RawYaml() {}

    static RawYaml empty() {
        return new RawYaml();
    }

    /** Adds the document {@code text} under {@code prefix} ("" for the main file); syntax errors leave it out. */
    RawYaml add(String text, String prefix) {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(true).setMaxAliasesForCollections(50).build();
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            root.ifPresent(n -> walk(n, prefix));
        } catch (RuntimeException e) {
            // Syntax errors are reported by the loader, with their line; nothing to index.
        }
        return this;
    }

    private void walk(Node node, String path) {
        byPath.putIfAbsent(path, node);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    walk(t.getValueNode(), path.isEmpty() ? k.getValue() : path + "." + k.getValue());
                }
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) walk(items.get(i), path + "[" + i + "]");
        }
    }

    /** The 1-based line of {@code path}, or of its nearest written ancestor; 0 when none. */
    int line(String path) {
        String p = path;
        while (true) {
            Node n = byPath.get(p);
            if (n != null) return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            if (p.isEmpty()) return 0;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /**
     * The line where the text of scalar {@code path} starts: a block scalar ({@code |}, {@code >})
     * starts on the line after its indicator.
     */
    int textLine(String path) {
        Node n = byPath.get(path);
        int line = line(path);
        if (n instanceof ScalarNode s && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED)) {
            return line + 1;
        }
        return line;
    }

    boolean has(String path) {
        return byPath.containsKey(path);
    }

    /** The raw text of scalar {@code path}, as written. */
    Optional<String> scalar(String path) {
        return byPath.get(path) instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    /** Where the secret at {@code path} comes from; {@link Provenance#PLAIN} when not written at all. */
    Provenance provenance(String path) {
        String raw = scalar(path).orElse("").strip();
        if (raw.startsWith("enc:")) return Provenance.ENCRYPTED;
        if (raw.contains("${")) return Provenance.ENVIRONMENT;
        return Provenance.PLAIN;
    }
}
