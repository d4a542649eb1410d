package io.alertgate.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/alertgate.schema.json against the loader: every key the loader reads is a property in the
 * schema and every schema property is read by the loader, and every example config conforms.
 * The conformance walk covers the keywords the schema uses (type, properties,
 * additionalProperties, required, items, anyOf, enum, $ref) and nothing more.
 */
class ConfigSchemaTest {
    private static final Path SCHEMA = Path.of("docs/alertgate.schema.json");
    /** A key literal handed to one of the loader's readers: {@code get("x")}, {@code optLong(n, "x", …)}, … */
    private static final Pattern KEY_READ = Pattern.compile(
            "\\b(?:get|require|optLong|optString|secretOpt|names|ranges)\\((?:[a-z.()]+, )?\"([a-z_]+)\"");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema() throws Exception {
        return (Map<String, Object>) (Map<?, ?>) JSON.std.mapFrom(Files.readString(SCHEMA));
    }

    @SuppressWarnings("unchecked")
    private static void propertyNames(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("properties") instanceof Map<?, ?> props) out.addAll((Set<String>) props.keySet());
            for (Object v : m.values()) propertyNames(v, out);
        } else if (node instanceof List<?> l) {
            for (Object v : l) propertyNames(v, out);
        }
    }

    @Test
    void schemaProperties_areExactlyTheKeysTheLoaderReads() throws Exception {
        Set<String> loader = new TreeSet<>();
        for (String f : List.of("ConfigLoader.java", "TimeIntervalsReader.java")) {
            Matcher m = KEY_READ.matcher(Files.readString(Path.of("src/main/java/io/alertgate/config", f)));
            while (m.find()) loader.add(m.group(1));
        }
        Set<String> schema = new TreeSet<>();
        propertyNames(schema(), schema);
        assertTrue(loader.size() > 60, "the pattern still finds the loader's keys: " + loader);
        Set<String> missingInSchema = new TreeSet<>(loader);
        missingInSchema.removeAll(schema);
        Set<String> unknownToLoader = new TreeSet<>(schema);
        unknownToLoader.removeAll(loader);
        assertEquals(Set.of(), missingInSchema, "keys the loader accepts but the schema lacks");
        assertEquals(Set.of(), unknownToLoader, "schema properties the loader does not accept");
    }

    @Test
    void everyExampleConfig_conformsToTheSchema() throws Exception {
        Map<String, Object> schema = schema();
        @SuppressWarnings("unchecked")
        Map<String, Object> tenant = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get("tenant");
        Map<Path, Map<String, Object>> examples = Map.of(
                Path.of("src/main/resources/io/alertgate/app/example.yaml"), schema,
                Path.of("systemd/alertgate.yaml"), schema,
                Path.of("src/test/resources/io/alertgate/validate/seed/alertgate.yaml"), schema,
                Path.of("src/test/resources/io/alertgate/validate/seed/tenants/seed.yaml"), tenant,
                Path.of("src/test/resources/io/alertgate/validate/golden/bad.yaml"), schema);
        for (var e : examples.entrySet()) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(e.getKey()));
            List<String> errors = new ArrayList<>();
            check(doc, e.getValue(), schema, "", errors);
            assertEquals(List.of(), errors, e.getKey().toString());
        }
    }

    @Test
    void aConfigWithAnUnknownKey_doesNotConform() throws Exception {
        Map<String, Object> schema = schema();
        List<String> errors = new ArrayList<>();
        check(Map.of("server", Map.of("listn", "x")), schema, schema, "", errors);
        assertEquals(List.of("server.listn: not allowed"), errors);
    }

    @SuppressWarnings("unchecked")
    private static void check(Object value, Map<String, Object> s, Map<String, Object> root, String path, List<String> errors) {
        if (s.get("$ref") instanceof String ref) {
            Object target = root;
            for (String part : ref.substring(2).split("/")) target = ((Map<String, Object>) target).get(part);
            check(value, (Map<String, Object>) target, root, path, errors);
            return;
        }
        if (s.get("anyOf") instanceof List<?> any) {
            for (Object alt : any) {
                List<String> e = new ArrayList<>();
                check(value, (Map<String, Object>) alt, root, path, e);
                if (e.isEmpty()) return;
            }
            errors.add(path + ": matches no alternative");
            return;
        }
        if (s.get("enum") instanceof List<?> values && !values.contains(value)) errors.add(path + ": not one of " + values);
        String type = (String) s.get("type");
        if (type == null) return;
        boolean ok = switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> false;
        };
        if (!ok) {
            errors.add(path + ": expected " + type);
            return;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
            for (var e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = path.isEmpty() ? key : path + "." + key;
                if (props.containsKey(key)) check(e.getValue(), (Map<String, Object>) props.get(key), root, child, errors);
                else if (s.get("additionalProperties") instanceof Map<?, ?> extra) {
                    check(e.getValue(), (Map<String, Object>) extra, root, child, errors);
                } else if (Boolean.FALSE.equals(s.get("additionalProperties"))) errors.add(child + ": not allowed");
            }
            if (s.get("required") instanceof List<?> req) {
                for (Object r : req) if (!m.containsKey(r)) errors.add(path + ": missing " + r);
            }
        }
        if (value instanceof List<?> l && s.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < l.size(); i++) check(l.get(i), (Map<String, Object>) items, root, path + "[" + i + "]", errors);
        }
    }
}
