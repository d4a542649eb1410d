package io.alertgate.config;

import io.alertgate.alert.Matcher;
import io.alertgate.config.TenantConfig.Caching;
import io.alertgate.config.TenantConfig.CircuitBreaking;
import io.alertgate.config.TenantConfig.Escalation;
import io.alertgate.config.TenantConfig.Monitoring;
import io.alertgate.config.TenantConfig.RateLimiting;
import io.alertgate.config.TenantConfig.Retry;
import io.alertgate.config.TenantConfig.StormDigest;
import io.alertgate.config.TenantConfig.RoutingRule;
import io.alertgate.secrets.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads alertgate's YAML (snakeyaml-engine) into {@link GatewayConfig}: the {@code server} section
 * and tenants given inline ({@code tenants.<id>}) or one file per tenant ({@code tenants_dir}, the
 * file name without {@code .yaml}/{@code .yml} is the id). A tenant document has the seed's shape:
 * {@code version}, {@code environments.<env>.slack.{…}}; only the environment this process serves
 * is read. Unknown keys, wrong types and unresolvable targets throw {@link ConfigException} naming
 * the YAML path and line. {@code ${VAR}} resolves from the environment; {@code enc:} values through
 * the {@link SecretDecoder}.
 */
public final class ConfigLoader {
    /** Environment variable that overrides {@code server.environment}. */
    public static final String ENV_VARIABLE = "ALERTGATE_ENV";

    /** A shorter admin token is guessable; 16 characters is the floor, 32 random ones are better. */
    static final int MIN_ADMIN_TOKEN_CHARS = 16;
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Slack channel IDs: C (public), G (private/group), D (direct message) then upper-case alphanumerics. */
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");
    private static final Pattern CHANNEL_NAME = Pattern.compile("#[a-z0-9][a-z0-9._-]{0,79}");
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{6,}");
    /** Slack's mention tokens, one or several separated by spaces; nothing else may reach the message unescaped. */
    private static final Pattern MENTION = Pattern.compile(
            "(<!here>|<!channel>|<!everyone>|<@[UW][A-Z0-9]{6,}>|<!subteam\\^S[A-Z0-9]{6,}>)( (<!here>|<!channel>|<!everyone>|<@[UW][A-Z0-9]{6,}>|<!subteam\\^S[A-Z0-9]{6,}>))*");

    private final Map<String, String> env;
    private final SecretDecoder secrets;

    public ConfigLoader(Map<String, String> env, SecretDecoder secrets) {
        this.env = Map.copyOf(env);
        this.secrets = secrets;
    }

    /** Loads {@code file}; throws IOException when it cannot be read, ConfigException when it is invalid. */
    public GatewayConfig load(Path file) throws IOException, ConfigException {
        if (Files.isDirectory(file)) throw new IOException("cannot read " + file + ": a directory, not a config file");
        String text = Files.readString(file);
        return parse(text, file.toAbsolutePath().getParent());
    }

    /** Parses config text; {@code baseDir} resolves a relative {@code tenants_dir}. */
    public GatewayConfig parse(String yamlText, Path baseDir) throws IOException, ConfigException {
        YamlNode root = compose(yamlText, "");
        ServerConfig server = server(root.get("server"));
        Map<String, TenantConfig> tenants = new LinkedHashMap<>();
        Map<String, YamlNode> tenantDocs = new HashMap<>();
        Optional<YamlNode> inline = root.get("tenants");
        if (inline.isPresent()) {
            for (var e : inline.get().entries().entrySet()) {
                checkTenantId(e.getKey(), e.getValue());
                tenantDocs.put(e.getKey(), e.getValue());
                tenants.put(e.getKey(), tenant(e.getKey(), e.getValue(), server.environment()));
            }
        }
        Optional<YamlNode> dirNode = root.get("tenants_dir");
        if (dirNode.isPresent()) {
            Path dir = baseDir == null ? Path.of(dirNode.get().string()) : baseDir.resolve(dirNode.get().string());
            if (!Files.isDirectory(dir)) throw dirNode.get().error("not a directory: " + dir);
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList();
            }
            for (Path f : files) {
                String id = f.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                String path = "tenants_dir/" + f.getFileName();
                YamlNode doc = compose(Files.readString(f), path);
                checkTenantId(id, doc);
                if (tenants.containsKey(id)) throw doc.error("tenant '" + id + "' is defined twice");
                tenantDocs.put(id, doc);
                tenants.put(id, tenant(id, doc, server.environment()));
            }
        }
        Optional<RedisConfig> redis = redis(root.get("redis"));
        DedupConfig dedup = dedup(root.get("dedup"));
        root.rejectUnknownKeys();
        if (tenants.isEmpty()) throw new ConfigException("tenants", "no tenant configured (tenants or tenants_dir)");
        boolean clientCa = server.ingress().tls().flatMap(TlsListener::clientCaFile).isPresent();
        for (TenantConfig t : tenants.values()) {
            if (!t.auth().clientCertSubjects().isEmpty() && !clientCa) {
                // The subjects' own node, so the error names their YAML path and line.
                throw tenantDocs.get(t.id()).require("environments").require(server.environment()).require("auth")
                        .require("client_cert_subjects").error("client_cert_subjects needs server.tls.client_ca_file (client certificates)");
            }
        }
        return new GatewayConfig(server, tenants, redis, dedup);
    }

    private YamlNode compose(String text, String path) throws ConfigException {
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(8 * 1024 * 1024)
                .build();
        try {
            Optional<Node> node = new Compose(settings).composeString(text);
            if (node.isEmpty()) throw new ConfigException(path, 1, "the document is empty");
            YamlNode root = new YamlNode(node.get(), path, new EnvInterpolator(env));
            if (!root.isMapping()) throw root.error("the document must be a mapping");
            return root;
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(path, line, "YAML syntax: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(path, 0, "YAML syntax: " + e.getMessage());
        }
    }

    private void checkTenantId(String id, YamlNode at) throws ConfigException {
        if (!TENANT_ID.matcher(id).matches()) {
            throw at.error("tenant id '" + id + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
    }

    private ServerConfig server(Optional<YamlNode> node) throws ConfigException {
        ServerConfig d = ServerConfig.defaults();
        String environment = d.environment();
        if (node.isEmpty()) {
            return new ServerConfig(d.host(), d.port(), env.getOrDefault(ENV_VARIABLE, environment), d.maxBodyBytes(),
                    d.maxNestingDepth(), d.maxAlerts(), d.slackApiUrl(), d.slackTimeout(), d.drainTimeout(), d.adminToken(),
                    d.ingress(), d.auditFile(), d.reloadValidationLevel());
        }
        YamlNode s = node.get();
        String host = d.host();
        int port = d.port();
        Optional<YamlNode> listen = s.get("listen");
        if (listen.isPresent()) {
            String v = listen.get().string();
            int colon = v.lastIndexOf(':');
            if (colon < 0) throw listen.get().error("expected HOST:PORT, e.g. 127.0.0.1:9095");
            host = v.substring(0, colon).replace("[", "").replace("]", "");
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw listen.get().error("expected HOST:PORT, e.g. 127.0.0.1:9095");
            }
            if (port < 0 || port > 65535) throw listen.get().error("port must be 0-65535");
        }
        Optional<YamlNode> envNode = s.get("environment");
        if (envNode.isPresent()) environment = envNode.get().string();
        environment = env.getOrDefault(ENV_VARIABLE, environment);
        long maxBody = optLong(s, "max_body_bytes", 1024, 1L << 30, d.maxBodyBytes());
        int depth = (int) optLong(s, "max_nesting_depth", 4, 1000, d.maxNestingDepth());
        int maxAlerts = (int) optLong(s, "max_alerts", 1, 1_000_000, d.maxAlerts());
        URI api = d.slackApiUrl();
        Optional<YamlNode> apiNode = s.get("slack_api_url");
        if (apiNode.isPresent()) {
            api = httpUri(apiNode.get());
            if (!api.toString().endsWith("/")) api = URI.create(api + "/");
        }
        Duration timeout = Duration.ofMillis(optLong(s, "slack_timeout_ms", 100, 300_000, d.slackTimeout().toMillis()));
        Duration drain = Duration.ofMillis(optLong(s, "drain_timeout_ms", 0, 600_000, d.drainTimeout().toMillis()));
        Optional<Secret> adminToken = secretOpt(s, "admin_token");
        if (adminToken.isPresent() && adminToken.get().reveal().length() < MIN_ADMIN_TOKEN_CHARS) {
            throw s.get("admin_token").get().error("admin_token must be at least " + MIN_ADMIN_TOKEN_CHARS + " characters");
        }
        Ingress ingress = ingress(s);
        Optional<java.nio.file.Path> auditFile = s.get("audit_file").isPresent()
                ? Optional.of(java.nio.file.Path.of(s.get("audit_file").get().string())) : Optional.empty();
        String reloadLevel = optString(s, "reload_validation_level", d.reloadValidationLevel());
        if (!ServerConfig.VALIDATION_LEVELS.contains(reloadLevel)) {
            throw s.get("reload_validation_level").get().error("expected one of " + String.join(", ", ServerConfig.VALIDATION_LEVELS));
        }
        URI responsePrefix = ServerConfig.DEFAULT_SLACK_RESPONSE_URL_PREFIX;
        if (s.get("slack_response_url_prefix").isPresent()) {
            responsePrefix = httpUri(s.get("slack_response_url_prefix").get());
            if (!responsePrefix.toString().endsWith("/")) responsePrefix = URI.create(responsePrefix + "/");
        }
        s.rejectUnknownKeys();
        return new ServerConfig(host, port, environment, maxBody, depth, maxAlerts, api, timeout, drain, adminToken,
                ingress, auditFile, reloadLevel, responsePrefix);
    }

    /** The listener-protection keys of {@code server}; see {@link Ingress}. */
    private static Ingress ingress(YamlNode s) throws ConfigException {
        Ingress d = Ingress.defaults();
        List<Cidr> proxies = s.get("trusted_proxies").isPresent() ? cidrs(s.get("trusted_proxies").get()) : List.of();
        double rps = d.sourceRequestsPerSecond();
        int burst = d.sourceBurst();
        Optional<YamlNode> rl = s.get("source_rate_limit");
        if (rl.isPresent()) {
            YamlNode n = rl.get();
            rps = n.get("requests_per_second").isPresent() ? n.get("requests_per_second").get().doubleValue(0, 1_000_000) : rps;
            burst = (int) optLong(n, "burst", 1, 1_000_000, burst);
            n.rejectUnknownKeys();
        }
        return new Ingress(proxies,
                (int) optLong(s, "max_concurrent_requests", 1, 100_000, d.maxConcurrentRequests()),
                rps, burst,
                Duration.ofSeconds(optLong(s, "request_timeout_seconds", 1, 3600, d.requestTimeout().toSeconds())),
                Duration.ofSeconds(optLong(s, "response_timeout_seconds", 1, 3600, d.responseTimeout().toSeconds())),
                Duration.ofSeconds(optLong(s, "idle_timeout_seconds", 1, 3600, d.idleTimeout().toSeconds())),
                (int) optLong(s, "max_header_count", 10, 10_000, d.maxHeaderCount()),
                (int) optLong(s, "max_header_bytes", 1024, 1 << 20, d.maxHeaderBytes()),
                (int) optLong(s, "max_connections", 16, 1_000_000, d.maxConnections()),
                tls(s.get("tls")));
    }

    /** {@code server.tls}; see {@link TlsListener}. Files are read when the listener starts (and on reload). */
    private static Optional<TlsListener> tls(Optional<YamlNode> node) throws ConfigException {
        if (node.isEmpty()) return Optional.empty();
        YamlNode t = node.get();
        java.nio.file.Path cert = java.nio.file.Path.of(t.require("cert_file").string());
        java.nio.file.Path key = java.nio.file.Path.of(t.require("key_file").string());
        Optional<java.nio.file.Path> ca = t.get("client_ca_file").isPresent()
                ? Optional.of(java.nio.file.Path.of(t.get("client_ca_file").get().string())) : Optional.empty();
        String min = optString(t, "min_version", TlsListener.DEFAULT_MIN_VERSION);
        if (!TlsListener.VERSIONS.contains(min)) {
            throw t.get("min_version").get().error("expected one of " + String.join(", ", TlsListener.VERSIONS));
        }
        t.rejectUnknownKeys();
        return Optional.of(new TlsListener(cert, key, ca, min));
    }

    private static List<Cidr> cidrs(YamlNode list) throws ConfigException {
        List<Cidr> out = new ArrayList<>();
        for (YamlNode item : list.items()) {
            try {
                out.add(Cidr.parse(item.string()));
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage());
            }
        }
        return out;
    }

    /** {@code environments.<env>.auth}; see {@link InboundAuth}. Absent: anyone may post. */
    private InboundAuth auth(Optional<YamlNode> node) throws ConfigException {
        if (node.isEmpty()) return InboundAuth.open();
        YamlNode a = node.get();
        Optional<Secret> bearer = secretOpt(a, "bearer_token");
        if (bearer.isPresent() && bearer.get().reveal().length() < MIN_ADMIN_TOKEN_CHARS) {
            throw a.get("bearer_token").get().error("bearer_token must be at least " + MIN_ADMIN_TOKEN_CHARS + " characters");
        }
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        Optional<YamlNode> basic = a.get("basic");
        if (basic.isPresent()) {
            user = Optional.of(basic.get().require("username").string());
            if (user.get().isEmpty() || user.get().contains(":")) {
                throw basic.get().require("username").error("username must be non-empty and without ':'");
            }
            password = Optional.of(secret(basic.get().require("password")));
            if (password.get().reveal().isEmpty()) throw basic.get().require("password").error("password must not be empty");
            basic.get().rejectUnknownKeys();
        }
        List<Cidr> allowed = a.get("allowed_cidrs").isPresent() ? cidrs(a.get("allowed_cidrs").get()) : List.of();
        List<String> subjects = new ArrayList<>();
        if (a.get("client_cert_subjects").isPresent()) {
            for (YamlNode item : a.get("client_cert_subjects").get().items()) {
                if (item.string().isBlank()) throw item.error("a client certificate subject must not be empty");
                subjects.add(item.string());
            }
        }
        a.rejectUnknownKeys();
        return new InboundAuth(bearer, user, password, allowed, subjects);
    }

    private static long optLong(YamlNode parent, String key, long min, long max, long dflt) throws ConfigException {
        Optional<YamlNode> n = parent.get(key);
        return n.isPresent() ? n.get().longValue(min, max) : dflt;
    }

    private static String optString(YamlNode parent, String key, String dflt) throws ConfigException {
        Optional<YamlNode> n = parent.get(key);
        return n.isPresent() ? n.get().string() : dflt;
    }

    private static URI httpUri(YamlNode node) throws ConfigException {
        String v = node.string();
        try {
            URI u = new URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw node.error("expected an absolute http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw node.error("not a valid URL");
        }
    }

    private TenantConfig tenant(String id, YamlNode doc, String environment) throws ConfigException {
        String version = optString(doc, "version", "");
        YamlNode envs = doc.require("environments");
        doc.rejectUnknownKeys();
        Map<String, YamlNode> byName = envs.entries();
        YamlNode envNode = byName.get(environment);
        if (envNode == null) {
            throw envs.error("tenant '" + id + "' has no environment '" + environment + "' (it has: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        YamlNode slack = envNode.require("slack");
        InboundAuth auth = auth(envNode.get("auth"));
        Optional<TenantConfig.AlertmanagerApi> alertmanager = alertmanager(envNode.get("alertmanager"));
        envNode.rejectUnknownKeys();

        Optional<Secret> botToken = Optional.empty();
        Optional<Secret> signingSecret = Optional.empty();
        Optional<TenantConfig.TokenRotation> tokenRotation = Optional.empty();
        Optional<YamlNode> app = slack.get("app_config");
        if (app.isPresent()) {
            botToken = secretOpt(app.get(), "bot_token");
            signingSecret = secretOpt(app.get(), "signing_secret");
            tokenRotation = tokenRotation(app.get(), botToken.isPresent());
            app.get().rejectUnknownKeys();
        }
        Map<String, Secret> webhooks = new LinkedHashMap<>();
        Optional<YamlNode> wh = slack.get("webhooks");
        if (wh.isPresent()) {
            for (var e : wh.get().entries().entrySet()) {
                Secret url = secret(e.getValue());
                checkWebhookUrl(url, e.getValue());
                webhooks.put(e.getKey(), url);
            }
        }
        Map<String, String> users = new LinkedHashMap<>();
        Optional<YamlNode> us = slack.get("users");
        if (us.isPresent()) {
            for (var e : us.get().entries().entrySet()) {
                String uid = e.getValue().string();
                if (!USER_ID.matcher(uid).matches()) throw e.getValue().error("expected a Slack user ID such as U0123ABCD");
                users.put(e.getKey(), uid);
            }
        }
        TargetResolver targets = new TargetResolver(webhooks.keySet(), users, botToken.isPresent());

        Map<String, Target> severityMapping = new LinkedHashMap<>();
        Optional<Target> defaultTarget = Optional.empty();
        Optional<Target> fallbackTarget = Optional.empty();
        Optional<YamlNode> channels = slack.get("channels");
        if (channels.isPresent()) {
            Optional<YamlNode> sm = channels.get().get("severity_mapping");
            if (sm.isPresent()) {
                for (var e : sm.get().entries().entrySet()) {
                    severityMapping.put(e.getKey(), targets.resolve(e.getValue()));
                }
            }
            Optional<YamlNode> def = channels.get().get("default");
            if (def.isPresent()) defaultTarget = Optional.of(targets.resolve(def.get()));
            Optional<YamlNode> fb = channels.get().get("fallback");
            if (fb.isPresent()) fallbackTarget = Optional.of(targets.resolve(fb.get()));
            channels.get().rejectUnknownKeys();
        }

        Map<String, String> templates = new LinkedHashMap<>();
        Optional<YamlNode> tpl = slack.get("templates");
        if (tpl.isPresent()) {
            for (var e : tpl.get().entries().entrySet()) templates.put(e.getKey(), e.getValue().rawString());
        }
        Optional<String> defaultTemplate = Optional.empty();
        Optional<YamlNode> dt = slack.get("default_template");
        if (dt.isPresent()) {
            String name = dt.get().string();
            if (!templates.containsKey(name)) throw dt.get().error("no template named '" + name + "' in templates");
            defaultTemplate = Optional.of(name);
        }
        String locale = "en";
        Optional<YamlNode> loc = slack.get("locale");
        if (loc.isPresent()) {
            locale = loc.get().string();
            if (!locale.equals("en") && !locale.equals("fr")) throw loc.get().error("supported locales: en, fr");
        }

        Map<String, io.alertgate.schedule.NamedTimeInterval> timeIntervals = Map.of();
        Optional<YamlNode> tis = slack.get("time_intervals");
        if (tis.isPresent()) timeIntervals = TimeIntervalsReader.read(tis.get());

        List<RoutingRule> rules = new ArrayList<>();
        Optional<YamlNode> rr = slack.get("routing_rules");
        if (rr.isPresent()) {
            for (YamlNode r : rr.get().items()) {
                rules.add(rule(r, targets, templates, rules.size(), timeIntervals.keySet()));
            }
        }

        RateLimiting rate = RateLimiting.defaults();
        Optional<YamlNode> rl = slack.get("rate_limiting");
        if (rl.isPresent()) {
            YamlNode n = rl.get();
            boolean enabled = n.get("enabled").isPresent() ? n.get("enabled").get().bool() : true;
            double rps = n.get("max_requests_per_second").isPresent()
                    ? n.get("max_requests_per_second").get().doubleValue(0.001, 1000) : RateLimiting.DEFAULT_RATE;
            int burst = n.get("burst_capacity").isPresent()
                    ? n.get("burst_capacity").get().intValue(1, 10_000) : RateLimiting.DEFAULT_BURST;
            double workspace = n.get("workspace_max_requests_per_second").isPresent()
                    ? n.get("workspace_max_requests_per_second").get().doubleValue(0.001, 10_000) : 0;
            n.rejectUnknownKeys();
            rate = new RateLimiting(enabled, rps, burst, workspace);
        }

        CircuitBreaking breaker = CircuitBreaking.defaults();
        Optional<YamlNode> cb = slack.get("circuit_breaker");
        if (cb.isPresent()) {
            YamlNode n = cb.get();
            breaker = new CircuitBreaking(
                    (int) optLong(n, "failure_threshold", 1, 1_000, CircuitBreaking.DEFAULT_FAILURE_THRESHOLD),
                    Duration.ofSeconds(optLong(n, "recovery_timeout_seconds", 1, 86_400,
                            CircuitBreaking.DEFAULT_RECOVERY_TIMEOUT.toSeconds())),
                    Duration.ofSeconds(optLong(n, "fallback_after_seconds", 0, 86_400,
                            CircuitBreaking.DEFAULT_FALLBACK_AFTER.toSeconds())));
            n.rejectUnknownKeys();
        }

        Retry retry = Retry.defaults();
        Optional<YamlNode> re = slack.get("retry");
        if (re.isPresent()) {
            YamlNode n = re.get();
            Duration base = Duration.ofMillis(optLong(n, "base_ms", 1, 600_000, Retry.DEFAULT_BASE.toMillis()));
            Duration cap = Duration.ofMillis(optLong(n, "cap_ms", 1, 3_600_000, Retry.DEFAULT_CAP.toMillis()));
            if (cap.compareTo(base) < 0) throw n.get("cap_ms").orElse(n).error("cap_ms must be >= base_ms");
            retry = new Retry(base, cap, (int) optLong(n, "max_attempts", 1, 100, Retry.DEFAULT_MAX_ATTEMPTS),
                    Duration.ofSeconds(optLong(n, "max_age_seconds", 1, 86_400, Retry.DEFAULT_MAX_AGE.toSeconds())));
            n.rejectUnknownKeys();
        }

        StormDigest digest = StormDigest.defaults();
        Optional<YamlNode> sd = slack.get("storm_digest");
        if (sd.isPresent()) {
            YamlNode n = sd.get();
            digest = new StormDigest(n.get("enabled").isPresent() ? n.get("enabled").get().bool() : true,
                    (int) optLong(n, "threshold", 2, 1_000_000, StormDigest.DEFAULT_THRESHOLD));
            n.rejectUnknownKeys();
        }

        Escalation escalation = Escalation.disabled();
        Optional<YamlNode> es = slack.get("escalation");
        if (es.isPresent()) escalation = escalation(es.get(), targets, timeIntervals);

        Caching caching = Caching.defaults();
        Optional<YamlNode> ca = slack.get("caching");
        if (ca.isPresent()) {
            YamlNode n = ca.get();
            caching = new Caching(
                    n.get("enabled").isPresent() ? n.get("enabled").get().bool() : true,
                    Duration.ofSeconds(optLong(n, "ttl_seconds", 0, 86_400 * 30L, 300)),
                    (int) optLong(n, "max_entries", 0, 10_000_000, 10_000));
            n.rejectUnknownKeys();
        }
        Monitoring monitoring = Monitoring.defaults();
        Optional<YamlNode> mo = slack.get("monitoring");
        if (mo.isPresent()) {
            YamlNode n = mo.get();
            monitoring = new Monitoring(
                    n.get("enabled").isPresent() ? n.get("enabled").get().bool() : true,
                    Duration.ofSeconds(optLong(n, "health_check_interval", 1, 86_400, 60)),
                    n.get("metrics_export").isPresent() ? n.get("metrics_export").get().bool() : true);
            n.rejectUnknownKeys();
        }
        Optional<String> mention = Optional.empty();
        Optional<YamlNode> mo2 = slack.get("mention_on_critical");
        if (mo2.isPresent()) {
            String m = mo2.get().string().strip();
            if (!MENTION.matcher(m).matches()) {
                throw mo2.get().error("expected a Slack mention: <!here>, <!channel>, <!everyone>, <@U…> or <!subteam^S…>");
            }
            mention = Optional.of(m);
        }
        slack.rejectUnknownKeys();

        Target fallback = defaultTarget.orElseGet(() -> lowestSeverityTarget(severityMapping));
        if (fallback == null) {
            throw new ConfigException(slack.path() + ".channels.default", slack.line(),
                    "tenant '" + id + "' has no default destination: set channels.default (or a severity_mapping)");
        }
        return new TenantConfig(id, version, botToken, signingSecret, webhooks, users, severityMapping, fallback,
                rules, templates, defaultTemplate, locale, rate, escalation, caching, monitoring, breaker, fallbackTarget, retry, digest,
                timeIntervals, auth, mention, tokenRotation, alertmanager);
    }

    /** Token rotation needs all of refresh_token, client_id and client_secret, and the bot_token they renew. */
    private Optional<TenantConfig.TokenRotation> tokenRotation(YamlNode app, boolean hasBotToken) throws ConfigException {
        Optional<Secret> refresh = secretOpt(app, "refresh_token");
        Optional<Secret> id = secretOpt(app, "client_id");
        Optional<Secret> secret = secretOpt(app, "client_secret");
        int present = (refresh.isPresent() ? 1 : 0) + (id.isPresent() ? 1 : 0) + (secret.isPresent() ? 1 : 0);
        if (present == 0) return Optional.empty();
        if (present < 3 || !hasBotToken) {
            throw new ConfigException(app.path(), app.line(),
                    "token rotation needs app_config.bot_token, refresh_token, client_id and client_secret together");
        }
        return Optional.of(new TenantConfig.TokenRotation(refresh.get(), id.get(), secret.get()));
    }

    /** Without {@code channels.default}, unmatched groups go where the least severe mapping sends them. */
    private static Target lowestSeverityTarget(Map<String, Target> mapping) {
        Target best = null;
        int bestRank = -1;
        for (var e : mapping.entrySet()) {
            int rank = io.alertgate.alert.Priority.fromSeverity(e.getKey()).ordinal();
            if (rank > bestRank) {
                bestRank = rank;
                best = e.getValue();
            }
        }
        return best;
    }

    private RoutingRule rule(YamlNode r, TargetResolver targets, Map<String, String> templates, int index,
            java.util.Set<String> intervalNames) throws ConfigException {
        String id = optString(r, "id", "rule-" + index);
        String name = optString(r, "name", id);
        List<Matcher> matchers = new ArrayList<>();
        Optional<YamlNode> cond = r.get("conditions");
        if (cond.isPresent()) {
            for (var e : cond.get().entries().entrySet()) {
                YamlNode v = e.getValue();
                if (v.isSequence()) {
                    List<String> values = v.stringList();
                    if (values.isEmpty()) throw v.error("a list of values must not be empty");
                    String alternation = String.join("|", values.stream().map(Pattern::quote).toList());
                    matchers.add(Matcher.of(e.getKey(), Matcher.Type.REGEX, alternation));
                } else {
                    matchers.add(Matcher.of(e.getKey(), Matcher.Type.EQUAL, v.string()));
                }
            }
        }
        Optional<YamlNode> ms = r.get("matchers");
        if (ms.isPresent()) {
            for (YamlNode m : ms.get().items()) {
                try {
                    matchers.add(Matcher.parse(m.string()));
                } catch (IllegalArgumentException e) {
                    throw m.error(e.getMessage());
                }
            }
        }
        YamlNode tc = r.require("target_channels");
        List<Target> resolved = new ArrayList<>();
        for (YamlNode t : tc.isScalar() ? List.of(tc) : tc.items()) resolved.add(targets.resolve(t));
        if (resolved.isEmpty()) throw tc.error("a rule needs at least one target");
        Optional<String> template = Optional.empty();
        Optional<YamlNode> tn = r.get("template");
        if (tn.isPresent()) {
            String t = tn.get().string();
            if (!templates.containsKey(t)) throw tn.get().error("no template named '" + t + "' in templates");
            template = Optional.of(t);
        }
        boolean cont = r.get("continue").isPresent() && r.get("continue").get().bool();
        List<String> active = TimeIntervalsReader.names(r, "active_time_intervals", intervalNames);
        List<String> mute = TimeIntervalsReader.names(r, "mute_time_intervals", intervalNames);
        TenantConfig.Strategy strategy = TimeIntervalsReader.strategy(r);
        MessageMode mode = MessageMode.DEFAULT;
        Optional<YamlNode> mm = r.get("message_mode");
        if (mm.isPresent()) {
            mode = MessageMode.parse(mm.get().string())
                    .orElseThrow(() -> mm.get().error("expected one of " + MessageMode.spellings()));
        }
        r.rejectUnknownKeys();
        return new RoutingRule(id, name, matchers, resolved, template, cont, active, mute, strategy, mode);
    }

    /**
     * The top-level {@code redis} section (issue 5): exactly one of {@code url}, {@code sentinel},
     * {@code cluster}; the URL and passwords are checked without ever being shown.
     */
    private Optional<RedisConfig> redis(Optional<YamlNode> node) throws ConfigException {
        if (node.isEmpty()) return Optional.empty();
        YamlNode r = node.get();
        Optional<YamlNode> urlNode = r.get("url");
        Optional<YamlNode> sentinelNode = r.get("sentinel");
        Optional<YamlNode> clusterNode = r.get("cluster");
        int forms = (urlNode.isPresent() ? 1 : 0) + (sentinelNode.isPresent() ? 1 : 0) + (clusterNode.isPresent() ? 1 : 0);
        if (forms != 1) throw r.error("expected exactly one of url, sentinel, cluster");
        Optional<Secret> url = Optional.empty();
        if (urlNode.isPresent()) {
            Secret u = secret(urlNode.get());
            String v = u.reveal();
            if (!v.startsWith("redis://") && !v.startsWith("rediss://")) {
                throw urlNode.get().error("expected redis://[user:password@]host[:port][/db] or rediss://…");
            }
            checkRedisUrl(urlNode.get(), v);
            url = Optional.of(u);
        }
        Optional<RedisConfig.Sentinel> sentinel = Optional.empty();
        if (sentinelNode.isPresent()) {
            YamlNode s = sentinelNode.get();
            String master = s.require("master").string();
            if (master.isBlank()) throw s.require("master").error("must not be empty");
            List<String> nodes = redisNodes(s.require("nodes"));
            Optional<Secret> password = s.get("password").isPresent() ? Optional.of(secret(s.get("password").get())) : Optional.empty();
            Optional<Secret> sentinelPassword = s.get("sentinel_password").isPresent()
                    ? Optional.of(secret(s.get("sentinel_password").get())) : Optional.empty();
            s.rejectUnknownKeys();
            sentinel = Optional.of(new RedisConfig.Sentinel(master, nodes, password, sentinelPassword));
        }
        Optional<RedisConfig.Cluster> cluster = Optional.empty();
        if (clusterNode.isPresent()) {
            YamlNode c = clusterNode.get();
            List<String> nodes = redisNodes(c.require("nodes"));
            Optional<Secret> password = c.get("password").isPresent() ? Optional.of(secret(c.get("password").get())) : Optional.empty();
            c.rejectUnknownKeys();
            cluster = Optional.of(new RedisConfig.Cluster(nodes, password));
        }
        Duration timeout = Duration.ofMillis(optLong(r, "timeout_ms", 10, 60_000, RedisConfig.DEFAULT_TIMEOUT.toMillis()));
        int pool = (int) optLong(r, "pool_size", 1, 1024, RedisConfig.DEFAULT_POOL_SIZE);
        String consumer = optString(r, "consumer_name", "").strip();
        Duration claimIdle = Duration.ofSeconds(optLong(r, "outbox_claim_idle_seconds", 5, 86_400,
                RedisConfig.DEFAULT_OUTBOX_CLAIM_IDLE.toSeconds()));
        r.rejectUnknownKeys();
        return Optional.of(new RedisConfig(url, timeout, pool, sentinel, cluster, consumer, claimIdle));
    }

    /**
     * What store.RedisClients will need from {@code redis.url}: a host, a port in 1–65535 when one is given,
     * a numeric database when a path is given. Errors never show the URL (it may hold the password).
     */
    private static void checkRedisUrl(YamlNode node, String url) throws ConfigException {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (URISyntaxException e) {
            throw node.error("not a valid URL (expected redis://[user:password@]host[:port][/db])");
        }
        if (uri.getHost() == null) {
            throw node.error("expected redis://[user:password@]host[:port][/db]: no host, or a port that is not a number");
        }
        if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) throw node.error("port must be 1-" + MAX_PORT);
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")
                && !path.substring(1).matches("[0-9]{1,5}")) {
            throw node.error("the path must be a database number (redis://host:port/0)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw node.error("no query or fragment is supported in a Redis URL");
        }
    }

    private static final int MAX_PORT = 65_535;

    /** A non-empty list of {@code host:port} (Sentinel and Cluster nodes). */
    private static List<String> redisNodes(YamlNode list) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode item : list.items()) {
            String v = item.string();
            int colon = v.lastIndexOf(':');
            boolean ok = colon > 0 && colon < v.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(v.substring(colon + 1));
                    ok = port > 0 && port < 65_536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) throw item.error("expected host:port");
            out.add(v);
        }
        if (out.isEmpty()) throw list.error("expected at least one host:port");
        return out;
    }

    /** The top-level {@code dedup} section; absent: the default TTL. */
    private static DedupConfig dedup(Optional<YamlNode> node) throws ConfigException {
        if (node.isEmpty()) return DedupConfig.defaults();
        YamlNode d = node.get();
        long ttl = optLong(d, "ttl_seconds", 0, DedupConfig.MAX_TTL_SECONDS, DedupConfig.DEFAULT_TTL.toSeconds());
        d.rejectUnknownKeys();
        return new DedupConfig(Duration.ofSeconds(ttl));
    }

    /** A tenant's {@code alertmanager} section: where the Silence buttons create silences (API v2). */
    private Optional<TenantConfig.AlertmanagerApi> alertmanager(Optional<YamlNode> node) throws ConfigException {
        if (node.isEmpty()) return Optional.empty();
        YamlNode a = node.get();
        URI url = httpUri(a.require("url"));
        Duration timeout = Duration.ofMillis(optLong(a, "timeout_ms", 100, 60_000,
                TenantConfig.AlertmanagerApi.DEFAULT_TIMEOUT.toMillis()));
        Optional<Secret> bearer = secretOpt(a, "bearer_token");
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        Optional<YamlNode> basic = a.get("basic_auth");
        if (basic.isPresent()) {
            if (bearer.isPresent()) throw basic.get().error("use bearer_token or basic_auth, not both");
            user = Optional.of(basic.get().require("username").string());
            if (user.get().isEmpty() || user.get().contains(":")) {
                throw basic.get().require("username").error("username must be non-empty and without ':'");
            }
            password = Optional.of(secret(basic.get().require("password")));
            basic.get().rejectUnknownKeys();
        }
        a.rejectUnknownKeys();
        return Optional.of(new TenantConfig.AlertmanagerApi(url, timeout, bearer, user, password));
    }

    private Escalation escalation(YamlNode n, TargetResolver targets,
            Map<String, io.alertgate.schedule.NamedTimeInterval> intervals) throws ConfigException {
        boolean enabled = n.get("enabled").isPresent() && n.get("enabled").get().bool();
        List<Escalation.Level> levels = new ArrayList<>();
        Optional<YamlNode> ls = n.get("levels");
        if (ls.isPresent()) {
            for (YamlNode l : ls.get().items()) {
                int level = l.require("level").intValue(1, 100);
                Duration delay = Duration.ofMinutes(l.require("delay_minutes").longValue(0, 7 * 24 * 60));
                List<Target> t = new ArrayList<>();
                for (YamlNode x : l.require("targets").items()) t.add(targets.resolve(x));
                List<Target> offHours = new ArrayList<>();
                Optional<YamlNode> oh = l.get("off_hours_targets");
                if (oh.isPresent()) {
                    for (YamlNode x : oh.get().items()) offHours.add(targets.resolve(x));
                }
                Optional<Escalation.Schedule> schedule = Optional.empty();
                Optional<YamlNode> sn = l.get("schedule");
                if (sn.isPresent()) {
                    YamlNode s = sn.get();
                    List<io.alertgate.schedule.NamedTimeInterval> business = new ArrayList<>();
                    for (String name : TimeIntervalsReader.names(s, "business_hours", intervals.keySet())) {
                        business.add(intervals.get(name));
                    }
                    List<io.alertgate.schedule.NamedTimeInterval> holidays = new ArrayList<>();
                    for (String name : TimeIntervalsReader.names(s, "holidays", intervals.keySet())) {
                        holidays.add(intervals.get(name));
                    }
                    if (business.isEmpty()) throw s.error("schedule needs business_hours: names from time_intervals");
                    s.rejectUnknownKeys();
                    if (oh.isEmpty()) throw l.error("a level with a schedule needs off_hours_targets");
                    schedule = Optional.of(new Escalation.Schedule(business, holidays));
                } else if (oh.isPresent()) {
                    throw oh.get().error("off_hours_targets needs a schedule (business_hours) to choose them");
                }
                l.rejectUnknownKeys();
                levels.add(new Escalation.Level(level, delay, t, schedule, offHours));
            }
        }
        int repeat = (int) optLong(n, "repeat", 0, 100, 0);
        List<String> severities = Escalation.DEFAULT_SEVERITIES;
        Optional<YamlNode> sev = n.get("severities");
        if (sev.isPresent()) {
            List<String> listed = new ArrayList<>();
            for (YamlNode x : sev.get().items()) listed.add(x.string());
            severities = listed;
        }
        Duration ackExpiry = Duration.ofMinutes(optLong(n, "ack_expiry_minutes", 0, 7 * 24 * 60, 0));
        n.rejectUnknownKeys();
        if (enabled && levels.isEmpty()) throw n.error("escalation is enabled but has no levels");
        return new Escalation(enabled, levels, repeat, severities, ackExpiry);
    }

    private Optional<Secret> secretOpt(YamlNode parent, String key) throws ConfigException {
        Optional<YamlNode> n = parent.get(key);
        return n.isPresent() ? Optional.of(secret(n.get())) : Optional.empty();
    }

    /** A secret value: {@code enc:} decrypted, otherwise {@code ${VAR}}-resolved text. */
    private Secret secret(YamlNode n) throws ConfigException {
        String raw = n.rawString();
        if (raw.startsWith("enc:")) {
            try {
                return secrets.decode(raw);
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }
        return Secret.of(n.string());
    }

    private static void checkWebhookUrl(Secret url, YamlNode at) throws ConfigException {
        try {
            URI u = new URI(url.reveal());
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                throw at.error("expected an absolute http(s) webhook URL");
            }
        } catch (URISyntaxException e) {
            // The message must not quote the URL: it is a secret.
            throw at.error("not a valid URL");
        }
    }

    /** Resolves target spellings against the tenant's webhooks and users; see {@link Target}. */
    private record TargetResolver(java.util.Set<String> webhooks, Map<String, String> users, boolean hasBotToken) {
        Target resolve(YamlNode node) throws ConfigException {
            String spec = node.string().strip();
            if (spec.equals("console")) return new Target.Console(spec);
            if (spec.startsWith("webhook:")) {
                String name = spec.substring("webhook:".length());
                if (!webhooks.contains(name)) {
                    throw node.error("no webhook named '" + name + "' in webhooks (have: " + String.join(", ", webhooks) + ")");
                }
                return new Target.Webhook(spec, name);
            }
            if (spec.startsWith("@")) {
                String name = spec.substring(1);
                String id = users.get(name);
                if (id == null) throw node.error("no user named '" + name + "' in users");
                requireBotToken(node, spec);
                return new Target.User(spec, name, id);
            }
            if (CHANNEL_NAME.matcher(spec).matches() || CHANNEL_ID.matcher(spec).matches()) {
                requireBotToken(node, spec);
                return new Target.Channel(spec, spec);
            }
            throw node.error("'" + spec + "' is not a target: use #channel, a channel ID, webhook:NAME, @user or console");
        }

        private void requireBotToken(YamlNode node, String spec) throws ConfigException {
            if (!hasBotToken) {
                throw node.error("target '" + spec + "' is sent with chat.postMessage and needs app_config.bot_token"
                        + " (or use a webhook:NAME target)");
            }
        }
    }
}
