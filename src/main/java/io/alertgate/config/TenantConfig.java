package io.alertgate.config;

import io.alertgate.alert.Matcher;
import io.alertgate.schedule.NamedTimeInterval;
import io.alertgate.secrets.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's settings for the environment this process serves: the seed's
 * {@code environments.<env>.slack} section, resolved and checked.
 *
 * @param id the tenant id, as in {@code POST /api/v1/alerts/{tenant}}
 * @param version the tenant document's {@code version}, informational
 * @param botToken {@code app_config.bot_token}, needed by {@code #channel}, channel-ID and {@code @user} targets
 * @param signingSecret {@code app_config.signing_secret}, for Slack interactions (Acknowledge)
 * @param webhooks incoming-webhook URLs by name ({@code webhook:NAME} targets)
 * @param users Slack user IDs by name ({@code @name} targets)
 * @param severityMapping severity label value → target, used when no routing rule matches
 * @param defaultTarget used when neither a rule nor the severity mapping applies
 * @param rules routing rules in file order
 * @param templates Mustache sources by name
 * @param defaultTemplate the template used when a rule names none; the built-in layout when empty
 * @param locale built-in strings: {@code en} (default) or {@code fr}
 * @param circuitBreaker {@code circuit_breaker}: when a destination is considered down
 * @param stormDigest {@code storm_digest}: when a destination's backlog becomes one digest message
 * @param retry {@code retry}: backoff and limits of retryable failures
 * @param fallback {@code channels.fallback}: where a message goes when its destination refuses it
 *     for good (archived channel, revoked token, …); empty: such messages become dead letters
 * @param timeIntervals {@code time_intervals}: Alertmanager-style named intervals, by name, used by
 *     rules' {@code active_time_intervals}/{@code mute_time_intervals} (and escalation schedules)
 * @param auth {@code environments.<env>.auth}: who may post this tenant's webhook
 * @param mentionOnCritical {@code slack.mention_on_critical}: a Slack mention token ({@code <!here>},
 *     {@code <!channel>}, {@code <@U…>}, {@code <!subteam^S…>}) put on critical firing messages —
 *     the only way a message mentions anyone, since alert data is always escaped
 */
public record TenantConfig(
        String id,
        String version,
        Optional<Secret> botToken,
        Optional<Secret> signingSecret,
        Map<String, Secret> webhooks,
        Map<String, String> users,
        Map<String, Target> severityMapping,
        Target defaultTarget,
        List<RoutingRule> rules,
        Map<String, String> templates,
        Optional<String> defaultTemplate,
        String locale,
        RateLimiting rateLimiting,
        Escalation escalation,
        Caching caching,
        Monitoring monitoring,
        CircuitBreaking circuitBreaker,
        Optional<Target> fallback,
        Retry retry,
        StormDigest stormDigest,
        Map<String, NamedTimeInterval> timeIntervals,
        InboundAuth auth,
        Optional<String> mentionOnCritical,
        Optional<TokenRotation> tokenRotation,
        Optional<AlertmanagerApi> alertmanager) {

    /**
     * {@code environments.<env>.alertmanager}: the Alertmanager whose API v2 the *Silence 1h/4h*
     * buttons create silences in (absent: no silence buttons). Auth as Alertmanager's own
     * {@code http_config}: a bearer token or basic auth, both secrets.
     *
     * @param url {@code url}, the Alertmanager's base URL (e.g. {@code http://alertmanager:9093}); the
     *     client appends {@code /api/v2/silences}
     * @param timeout {@code timeout_ms}: the whole silence request, default {@link #DEFAULT_TIMEOUT}
     * @param bearerToken {@code bearer_token}
     * @param basicUsername {@code basic_auth.username}
     * @param basicPassword {@code basic_auth.password}
     */
    public record AlertmanagerApi(java.net.URI url, Duration timeout, Optional<Secret> bearerToken,
            Optional<String> basicUsername, Optional<Secret> basicPassword) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    }

    /**
     * Slack token rotation: {@code app_config.refresh_token}, {@code client_id} and
     * {@code client_secret}, all secrets ({@code enc:} or {@code ${VAR}}); present only when all three are.
     */
    public record TokenRotation(Secret refreshToken, Secret clientId, Secret clientSecret) {}

    public TenantConfig {
        timeIntervals = Map.copyOf(timeIntervals);
        webhooks = Map.copyOf(webhooks);
        users = Map.copyOf(users);
        severityMapping = Map.copyOf(severityMapping);
        rules = List.copyOf(rules);
        templates = Map.copyOf(templates);
    }

    /**
     * A routing rule: all its matchers must match the group's labels.
     *
     * @param matchers from {@code conditions} (exact value or list of values) and {@code matchers}
     *     (Alertmanager matcher strings), AND-ed
     * @param template a template name from {@code templates}, or empty for the tenant default
     * @param continueMatching {@code continue: true}: later rules are tried too
     * @param activeTimeIntervals {@code active_time_intervals}: names from the tenant's
     *     {@code time_intervals}; when set, the rule notifies only while one of them is active
     * @param muteTimeIntervals {@code mute_time_intervals}: while one of them is active the rule
     *     still matches (later rules are not tried unless {@code continue}) but sends nothing
     * @param strategy {@code strategy}: how the rule's {@code target_channels} are used
     * @param messageMode {@code message_mode}: what a resolve or acknowledgement does to the rule's
     *     Web API messages; {@link MessageMode#DEFAULT} when absent
     */
    public record RoutingRule(
            String id, String name, List<Matcher> matchers, List<Target> targets, Optional<String> template,
            boolean continueMatching, List<String> activeTimeIntervals, List<String> muteTimeIntervals,
            Strategy strategy, MessageMode messageMode) {
        public RoutingRule {
            matchers = List.copyOf(matchers);
            targets = List.copyOf(targets);
            activeTimeIntervals = List.copyOf(activeTimeIntervals);
            muteTimeIntervals = List.copyOf(muteTimeIntervals);
            java.util.Objects.requireNonNull(messageMode, "messageMode");
        }

        /** A rule with the default {@code message_mode}. */
        public RoutingRule(String id, String name, List<Matcher> matchers, List<Target> targets,
                Optional<String> template, boolean continueMatching, List<String> activeTimeIntervals,
                List<String> muteTimeIntervals, Strategy strategy) {
            this(id, name, matchers, targets, template, continueMatching, activeTimeIntervals, muteTimeIntervals,
                    strategy, MessageMode.DEFAULT);
        }

        /** A rule without time intervals that sends to every target. */
        public RoutingRule(String id, String name, List<Matcher> matchers, List<Target> targets,
                Optional<String> template, boolean continueMatching) {
            this(id, name, matchers, targets, template, continueMatching, List.of(), List.of(), Strategy.ALL);
        }
    }

    /** {@code strategy} of a rule with several {@code target_channels}. */
    public enum Strategy {
        /** Every target gets the message (fan-out); the default. */
        ALL("all"),
        /** One target per notification, in turn; a target whose breaker is open is skipped. */
        ROUND_ROBIN("round_robin"),
        /** The target with the smallest backlog among those whose breaker is not open, CLOSED first. */
        LEAST_LOADED("least_loaded");

        /** The YAML spelling. */
        public final String yaml;

        Strategy(String yaml) {
            this.yaml = yaml;
        }
    }

    /**
     * {@code rate_limiting}.
     *
     * @param maxRequestsPerSecond messages per second per destination; Slack allows about 1
     * @param burstCapacity messages that may go at once after a quiet period
     * @param workspaceMaxRequestsPerSecond {@code workspace_max_requests_per_second}: messages per
     *     second shared by all channel and user targets of the tenant's bot token (one workspace);
     *     0 = none. Slack publishes no number for this limit, so there is no default.
     */
    public record RateLimiting(boolean enabled, double maxRequestsPerSecond, int burstCapacity,
            double workspaceMaxRequestsPerSecond) {
        public static final double DEFAULT_RATE = 1.0;
        public static final int DEFAULT_BURST = 5;

        public static RateLimiting defaults() {
            return new RateLimiting(true, DEFAULT_RATE, DEFAULT_BURST, 0);
        }
    }

    /**
     * {@code circuit_breaker}: a destination is skipped for {@code recoveryTimeout} after
     * {@code failureThreshold} consecutive failures that say it is down (5xx, timeouts, I/O); a
     * message that waited {@code fallbackAfter} for it goes to the fallback instead.
     */
    public record CircuitBreaking(int failureThreshold, Duration recoveryTimeout, Duration fallbackAfter) {
        public static final int DEFAULT_FAILURE_THRESHOLD = 5;
        public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofSeconds(60);
        /** A message waiting this long for an open breaker goes to the fallback; past one failed probe. */
        public static final Duration DEFAULT_FALLBACK_AFTER = Duration.ofSeconds(120);

        public static CircuitBreaking defaults() {
            return new CircuitBreaking(DEFAULT_FAILURE_THRESHOLD, DEFAULT_RECOVERY_TIMEOUT, DEFAULT_FALLBACK_AFTER);
        }
    }

    /**
     * {@code retry}: exponential backoff with full jitter between {@code base} and {@code cap};
     * give up after {@code maxAttempts} requests (the first included) or once the message is
     * {@code maxAge} old. A 429 waits exactly {@code Retry-After} and counts only against the age.
     */
    public record Retry(Duration base, Duration cap, int maxAttempts, Duration maxAge) {
        public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
        public static final Duration DEFAULT_CAP = Duration.ofSeconds(60);
        public static final int DEFAULT_MAX_ATTEMPTS = 6;
        /** Past ten minutes an alert notification is stale; a dead letter is more useful than a late post. */
        public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

        public static Retry defaults() {
            return new Retry(DEFAULT_BASE, DEFAULT_CAP, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_AGE);
        }
    }

    /**
     * {@code storm_digest}: once {@code threshold} non-critical messages wait for one destination,
     * they are merged into one digest; critical ones still go out one by one, first.
     */
    public record StormDigest(boolean enabled, int threshold) {
        /** A minute of backlog at Slack's one message per second. */
        public static final int DEFAULT_THRESHOLD = 60;

        public static StormDigest defaults() {
            return new StormDigest(true, DEFAULT_THRESHOLD);
        }
    }

    /**
     * {@code escalation}: each level fires {@code delay} after the previous step (the first after
     * the group's first notification) until acknowledged or resolved.
     *
     * @param repeat {@code repeat}: times the last level fires again after the first time, each
     *     after its delay; 0 (default) fires every level once
     * @param severities {@code severities}: the {@code severity} label values that escalate,
     *     default {@code [critical, high]}
     * @param ackExpiry {@code ack_expiry_minutes}: after this long an acknowledged escalation whose
     *     group still fires re-arms at level 1; {@link #NO_ACK_EXPIRY} (0, the default) never
     */
    public record Escalation(boolean enabled, List<Level> levels, int repeat, List<String> severities,
            Duration ackExpiry) {
        public static final List<String> DEFAULT_SEVERITIES = List.of("critical", "high");
        /** {@code ack_expiry_minutes} when absent: an acknowledgement never expires. */
        public static final Duration NO_ACK_EXPIRY = Duration.ZERO;

        public Escalation {
            levels = List.copyOf(levels);
            severities = List.copyOf(severities);
            if (repeat < 0) throw new IllegalArgumentException("repeat must be >= 0");
            if (ackExpiry == null || ackExpiry.isNegative()) throw new IllegalArgumentException("ackExpiry must be >= 0");
        }

        /** Without {@code ack_expiry_minutes}: acknowledgements never expire. */
        public Escalation(boolean enabled, List<Level> levels, int repeat, List<String> severities) {
            this(enabled, levels, repeat, severities, NO_ACK_EXPIRY);
        }

        public Escalation(boolean enabled, List<Level> levels) {
            this(enabled, levels, 0, DEFAULT_SEVERITIES);
        }

        /**
         * @param schedule {@code schedule}: business hours; empty: {@code targets} at any time
         * @param offHoursTargets {@code off_hours_targets}: used outside the schedule's business hours
         */
        public record Level(int level, Duration delay, List<Target> targets, Optional<Schedule> schedule,
                List<Target> offHoursTargets) {
            public Level {
                targets = List.copyOf(targets);
                offHoursTargets = List.copyOf(offHoursTargets);
            }

            /** A level without a schedule: {@code targets} at any time. */
            public Level(int level, Duration delay, List<Target> targets) {
                this(level, delay, targets, Optional.empty(), List.of());
            }

            /** {@code targets} inside the schedule's business hours at {@code at} (or without a schedule), else {@code off_hours_targets}. */
            public List<Target> targetsAt(java.time.Instant at) {
                return schedule.isEmpty() || schedule.get().businessHours(at) ? targets : offHoursTargets;
            }
        }

        /**
         * A level's {@code schedule}, in Alertmanager's {@code time_intervals} notation (names from
         * the tenant's {@code time_intervals}, whose {@code location} is the time zone).
         *
         * @param businessHours {@code business_hours}: inside any of them is business hours
         * @param holidays {@code holidays}: inside any of them is off hours, even within business hours
         */
        public record Schedule(List<NamedTimeInterval> businessHours, List<NamedTimeInterval> holidays) {
            public Schedule {
                businessHours = List.copyOf(businessHours);
                holidays = List.copyOf(holidays);
            }

            /** True when {@code at} is inside business hours and not on a holiday. */
            public boolean businessHours(java.time.Instant at) {
                for (NamedTimeInterval h : holidays) {
                    if (h.contains(at)) return false;
                }
                for (NamedTimeInterval b : businessHours) {
                    if (b.contains(at)) return true;
                }
                return false;
            }
        }

        public static Escalation disabled() {
            return new Escalation(false, List.of());
        }
    }

    /** {@code caching}: accepted for compatibility with the seed's documents. */
    public record Caching(boolean enabled, Duration ttl, int maxEntries) {
        public static Caching defaults() {
            return new Caching(true, Duration.ofSeconds(300), 10_000);
        }
    }

    /** {@code monitoring}: accepted for compatibility with the seed's documents. */
    public record Monitoring(boolean enabled, Duration healthCheckInterval, boolean metricsExport) {
        public static Monitoring defaults() {
            return new Monitoring(true, Duration.ofSeconds(60), true);
        }
    }
}
