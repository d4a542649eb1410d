package io.alertgate.template;

import java.util.Map;

/**
 * Built-in strings of the default layout and the Block Kit formatter, per tenant {@code locale}.
 * English is the fallback for an unknown locale or a missing key.
 */
public final class Messages {
    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("firing", "FIRING"),
            Map.entry("resolved", "RESOLVED"),
            Map.entry("severity", "Severity"),
            Map.entry("service", "Service"),
            Map.entry("environment", "Environment"),
            Map.entry("instance", "Instance"),
            Map.entry("started", "Started"),
            Map.entry("ended", "Ended"),
            Map.entry("duration", "Duration"),
            Map.entry("description", "Description"),
            Map.entry("runbook", "Runbook"),
            Map.entry("dashboard", "Dashboard"),
            Map.entry("silence", "Silence"),
            Map.entry("source", "Source"),
            Map.entry("alertmanager", "Alertmanager"),
            Map.entry("more_alerts", "+{0} more alerts"),
            Map.entry("truncated_alerts", "Alertmanager left out {0} alerts (max_alerts)"),
            Map.entry("alerts_firing", "{0} firing"),
            Map.entry("alerts_resolved", "{0} resolved"));

    private static final Map<String, String> FR = Map.ofEntries(
            Map.entry("firing", "EN COURS"),
            Map.entry("resolved", "RÉSOLUE"),
            Map.entry("severity", "Gravité"),
            Map.entry("service", "Service"),
            Map.entry("environment", "Environnement"),
            Map.entry("instance", "Instance"),
            Map.entry("started", "Début"),
            Map.entry("ended", "Fin"),
            Map.entry("duration", "Durée"),
            Map.entry("description", "Description"),
            Map.entry("runbook", "Runbook"),
            Map.entry("dashboard", "Tableau de bord"),
            Map.entry("silence", "Silence"),
            Map.entry("source", "Source"),
            Map.entry("alertmanager", "Alertmanager"),
            Map.entry("more_alerts", "+{0} alertes de plus"),
            Map.entry("truncated_alerts", "Alertmanager a omis {0} alertes (max_alerts)"),
            Map.entry("alerts_firing", "{0} en cours"),
            Map.entry("alerts_resolved", "{0} résolue(s)"));

    private final Map<String, String> strings;
    private final Map<String, String> all;

    private Messages(Map<String, String> strings) {
        this.strings = strings;
        var merged = new java.util.TreeMap<>(EN);
        merged.putAll(strings);
        this.all = java.util.Collections.unmodifiableMap(merged);
    }

    // Built once: every notification asks for its locale's strings (template context, formatter).
    private static final Messages ENGLISH = new Messages(EN);
    private static final Messages FRENCH = new Messages(FR);

    /** Locales with built-in strings. */
    public static final java.util.Set<String> SUPPORTED = java.util.Set.of("en", "fr");

    /** The strings for {@code locale} ("en", "fr"); English for anything else. */
    public static Messages forLocale(String locale) {
        return "fr".equals(locale) ? FRENCH : ENGLISH;
    }

    /**
     * Every string for this locale as an unmodifiable map, English filling keys the locale lacks;
     * the {@code i18n} object of the template context. Placeholders such as {@code {0}} stay as-is.
     */
    public Map<String, String> asMap() {
        return all;
    }

    /** The string for {@code key}, with {@code {0}} replaced by {@code arg} when given. */
    public String get(String key, Object... args) {
        String s = strings.getOrDefault(key, EN.getOrDefault(key, key));
        for (int i = 0; i < args.length; i++) s = s.replace("{" + i + "}", String.valueOf(args[i]));
        return s;
    }
}
