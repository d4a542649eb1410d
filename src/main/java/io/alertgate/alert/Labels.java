package io.alertgate.alert;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, name-sorted set of label (or annotation) pairs. Alertmanager sends every value as a
 * string; sorting by name gives stable rendering and stable idempotency keys.
 */
public record Labels(SortedMap<String, String> asMap) {
    public static final Labels EMPTY = new Labels(new TreeMap<>());

    public Labels {
        // A map from a Builder is adopted: only this record can still reach it. Any other is copied.
        asMap = Collections.unmodifiableSortedMap(asMap instanceof Owned ? asMap : new TreeMap<>(asMap));
    }

    /** A map only a {@link Builder} makes and hands to exactly one {@code Labels}, which adopts it uncopied. */
    private static final class Owned extends TreeMap<String, String> {}

    /**
     * Collects pairs one by one (the webhook parser) and builds a {@code Labels} without the copy
     * the constructor makes of a map it is handed. Single use: {@link #build()} hands the map over.
     */
    public static final class Builder {
        private Owned pairs = new Owned();

        /** Adds a pair; false (and no change) when {@code name} is already there. */
        public boolean putIfAbsent(String name, String value) {
            return unbuilt().putIfAbsent(name, value) == null;
        }

        /** The labels collected so far; the builder cannot be used afterwards. */
        public Labels build() {
            Owned built = unbuilt();
            pairs = null;
            return built.isEmpty() ? EMPTY : new Labels(built);
        }

        private Owned unbuilt() {
            if (pairs == null) throw new IllegalStateException("this builder already built its Labels");
            return pairs;
        }
    }

    public static Labels of(Map<String, String> pairs) {
        if (pairs.isEmpty()) return EMPTY;
        // The constructor copies; a sorted map the caller built need not be copied twice.
        return new Labels(pairs instanceof SortedMap<String, String> sorted && sorted.comparator() == null ? sorted : new TreeMap<>(pairs));
    }

    /** Convenience for tests and examples: {@code Labels.of("alertname", "X", "severity", "critical")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of arguments");
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) m.put(namesAndValues[i], namesAndValues[i + 1]);
        return new Labels(m);
    }

    /** The value of {@code name}, empty when the label is absent. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(asMap.get(name));
    }

    /** The value of {@code name}, or "" when absent — Alertmanager matchers treat both alike. */
    public String valueOrEmpty(String name) {
        return asMap.getOrDefault(name, "");
    }

    public boolean isEmpty() {
        return asMap.isEmpty();
    }

    public int size() {
        return asMap.size();
    }
}
