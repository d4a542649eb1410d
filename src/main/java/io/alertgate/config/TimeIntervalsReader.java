package io.alertgate.config;

import io.alertgate.schedule.NamedTimeInterval;
import io.alertgate.schedule.TimeInterval;
import io.alertgate.schedule.TimeInterval.InclusiveRange;
import io.alertgate.schedule.TimeIntervalSyntax;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a tenant's {@code time_intervals} in Alertmanager's shape:
 * {@code [{name, time_intervals: [{times: [{start_time, end_time}], weekdays, days_of_month, months, years, location}]}]}.
 * A bad value fails the load with its YAML path and line.
 */
final class TimeIntervalsReader {
    private TimeIntervalsReader() {}

    /** The named intervals, by name, in file order; a name used twice is an error. */
    static Map<String, NamedTimeInterval> read(YamlNode list) throws ConfigException {
        Map<String, NamedTimeInterval> out = new LinkedHashMap<>();
        for (YamlNode n : list.items()) {
            YamlNode nameNode = n.require("name");
            String name = nameNode.string();
            if (name.isBlank()) throw nameNode.error("a time interval needs a name");
            if (out.containsKey(name)) throw nameNode.error("time interval '" + name + "' is defined twice");
            List<TimeInterval> intervals = new ArrayList<>();
            Optional<YamlNode> ti = n.get("time_intervals");
            if (ti.isPresent()) {
                for (YamlNode i : ti.get().items()) intervals.add(interval(i));
            }
            n.rejectUnknownKeys();
            out.put(name, new NamedTimeInterval(name, intervals));
        }
        return out;
    }

    private static TimeInterval interval(YamlNode n) throws ConfigException {
        List<TimeInterval.TimeRange> times = new ArrayList<>();
        Optional<YamlNode> ts = n.get("times");
        if (ts.isPresent()) {
            for (YamlNode t : ts.get().items()) {
                YamlNode start = t.require("start_time");
                YamlNode end = t.require("end_time");
                t.rejectUnknownKeys();
                try {
                    times.add(TimeIntervalSyntax.times(start.string(), end.string()));
                } catch (IllegalArgumentException e) {
                    throw t.error(e.getMessage());
                }
            }
        }
        List<InclusiveRange> weekdays = ranges(n, "weekdays", TimeIntervalSyntax::weekdays);
        List<InclusiveRange> days = ranges(n, "days_of_month", TimeIntervalSyntax::daysOfMonth);
        List<InclusiveRange> months = ranges(n, "months", TimeIntervalSyntax::months);
        List<InclusiveRange> years = ranges(n, "years", TimeIntervalSyntax::years);
        ZoneId location = TimeInterval.DEFAULT_LOCATION;
        Optional<YamlNode> loc = n.get("location");
        if (loc.isPresent()) {
            try {
                location = TimeIntervalSyntax.location(loc.get().string());
            } catch (IllegalArgumentException e) {
                throw loc.get().error(e.getMessage());
            }
        }
        n.rejectUnknownKeys();
        return new TimeInterval(times, weekdays, days, months, years, location);
    }

    private static List<InclusiveRange> ranges(YamlNode parent, String key, Function<String, InclusiveRange> parse)
            throws ConfigException {
        List<InclusiveRange> out = new ArrayList<>();
        Optional<YamlNode> list = parent.get(key);
        if (list.isEmpty()) return out;
        for (YamlNode item : list.get().items()) {
            try {
                out.add(parse.apply(item.string()));
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage());
            }
        }
        return out;
    }

    /** A rule's {@code active_time_intervals} or {@code mute_time_intervals}: names that must exist. */
    static List<String> names(YamlNode rule, String key, java.util.Set<String> known) throws ConfigException {
        List<String> out = new ArrayList<>();
        Optional<YamlNode> list = rule.get(key);
        if (list.isEmpty()) return out;
        for (YamlNode item : list.get().items()) {
            String name = item.string();
            if (!known.contains(name)) {
                throw item.error("no time interval named '" + name + "' in time_intervals (have: "
                        + String.join(", ", known) + ")");
            }
            out.add(name);
        }
        return out;
    }

    /** A rule's {@code strategy}: {@code all} (default), {@code round_robin} or {@code least_loaded}. */
    static TenantConfig.Strategy strategy(YamlNode rule) throws ConfigException {
        Optional<YamlNode> n = rule.get("strategy");
        if (n.isEmpty()) return TenantConfig.Strategy.ALL;
        String v = n.get().string();
        for (TenantConfig.Strategy s : TenantConfig.Strategy.values()) {
            if (s.yaml.equals(v)) return s;
        }
        throw n.get().error("strategy must be all, round_robin or least_loaded");
    }
}
