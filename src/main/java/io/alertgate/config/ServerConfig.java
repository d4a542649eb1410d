package io.alertgate.config;

import io.alertgate.secrets.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code server} section.
 *
 * @param host listen address, default {@code 127.0.0.1}
 * @param port listen port (0 = any free port, for tests), default 9095
 * @param environment the environment this process serves; {@code ALERTGATE_ENV} overrides it
 * @param maxBodyBytes largest accepted webhook body, bytes; larger bodies get 413
 * @param maxNestingDepth deepest accepted JSON nesting
 * @param maxAlerts most alerts accepted in one payload
 * @param slackApiUrl Slack Web API base URL ending in '/', {@code https://slack.com/api/} by default
 * @param slackTimeout timeout of one Slack request
 * @param drainTimeout how long {@code stop} waits for queued messages to be sent
 * @param adminToken {@code admin_token}: the bearer token of the admin endpoints (dead letters);
 *     empty disables them (404)
 * @param ingress listener protection: trusted proxies, concurrency cap, per-source rate, timeouts
 * @param auditFile {@code audit_file}: where the hash-chained audit lines are appended (besides the
 *     {@code io.alertgate.audit} logger); empty = logger only
 * @param reloadValidationLevel {@code reload_validation_level}: the level a reload
 *     ({@code POST /-/reload}, SIGHUP) validates at before swapping: basic, standard (default),
 *     strict or paranoid
 * @param slackResponseUrlPrefix {@code slack_response_url_prefix}: an interaction's {@code response_url}
 *     must start with it (same scheme, host and port, path under its path) or the ephemeral answer is
 *     skipped; {@code https://hooks.slack.com/} by default, where Slack's {@code response_url}s live.
 *     Tests and proxies point it elsewhere; it keeps a forged payload from making the gateway post to
 *     an arbitrary host (SSRF).
 */
public record ServerConfig(
        String host,
        int port,
        String environment,
        long maxBodyBytes,
        int maxNestingDepth,
        int maxAlerts,
        URI slackApiUrl,
        Duration slackTimeout,
        Duration drainTimeout,
        Optional<Secret> adminToken,
        Ingress ingress,
        Optional<java.nio.file.Path> auditFile,
        String reloadValidationLevel,
        URI slackResponseUrlPrefix) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9095;
    public static final String DEFAULT_ENVIRONMENT = "prod";
    /** 4 MiB: Alertmanager's largest realistic group (hundreds of alerts with annotations) is far below. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    public static final int DEFAULT_MAX_ALERTS = 10_000;
    public static final URI DEFAULT_SLACK_API_URL = URI.create("https://slack.com/api/");
    public static final Duration DEFAULT_SLACK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_RELOAD_VALIDATION_LEVEL = "standard";
    /** The spellings of {@code reload_validation_level}, weakest first. */
    public static final java.util.List<String> VALIDATION_LEVELS = java.util.List.of("basic", "standard", "strict", "paranoid");

    /** Where Slack's interaction {@code response_url}s live ({@code https://hooks.slack.com/actions/…}). */
    public static final URI DEFAULT_SLACK_RESPONSE_URL_PREFIX = URI.create("https://hooks.slack.com/");

    /** As the canonical constructor, with {@link #DEFAULT_SLACK_RESPONSE_URL_PREFIX}. */
    public ServerConfig(String host, int port, String environment, long maxBodyBytes, int maxNestingDepth, int maxAlerts,
            URI slackApiUrl, Duration slackTimeout, Duration drainTimeout, Optional<Secret> adminToken, Ingress ingress,
            Optional<java.nio.file.Path> auditFile, String reloadValidationLevel) {
        this(host, port, environment, maxBodyBytes, maxNestingDepth, maxAlerts, slackApiUrl, slackTimeout, drainTimeout,
                adminToken, ingress, auditFile, reloadValidationLevel, DEFAULT_SLACK_RESPONSE_URL_PREFIX);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_ENVIRONMENT, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_ALERTS, DEFAULT_SLACK_API_URL, DEFAULT_SLACK_TIMEOUT,
                DEFAULT_DRAIN_TIMEOUT, Optional.empty(), Ingress.defaults(), Optional.empty(),
                DEFAULT_RELOAD_VALIDATION_LEVEL);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, environment, maxBodyBytes, maxNestingDepth, maxAlerts, slackApiUrl,
                slackTimeout, drainTimeout, adminToken, ingress, auditFile, reloadValidationLevel, slackResponseUrlPrefix);
    }
}
