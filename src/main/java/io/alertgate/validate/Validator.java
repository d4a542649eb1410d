package io.alertgate.validate;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Matcher;
import io.alertgate.config.ConfigException;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import io.alertgate.config.TenantConfig.RoutingRule;
import io.alertgate.ingest.IngestException;
import io.alertgate.ingest.IngestLimits;
import io.alertgate.ingest.WebhookParser;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.BlockKitLimits;
import io.alertgate.template.NotificationView;
import io.alertgate.template.Rendered;
import io.alertgate.template.TemplateEngine;
import io.alertgate.template.TemplateException;
import io.alertgate.template.ViewModels;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The config validation engine behind {@code alertgate validate} and hot reload: loads a file with
 * the same {@link ConfigLoader} as {@code serve}, then runs the checks of the requested
 * {@link Level} and returns every {@link Finding} with its YAML path, line, code and fix. Codes are
 * stable: AG1xx basic, AG2xx standard, AG3xx strict, AG4xx paranoid. The loader stops at the first
 * structural error, so a file that does not load yields that one finding; every later check runs on
 * the loaded config and reports all it finds. No finding ever quotes a secret.
 */
public final class Validator {
    /** A webhook body to render templates against (standard level and up). */
    public record Sample(String name, byte[] body) {}

    /** The outcome: the report, and the config when it loaded (even if later checks found errors). */
    public record Validation(Report report, Optional<GatewayConfig> config) {}

    /** Slack's documented posting rate: about one message per second per channel (chat.postMessage, webhooks). */
    public static final double SLACK_MESSAGES_PER_SECOND = 1.0;
    /** More regex matchers than this in one tenant's rules earn a performance hint. */
    public static final int REGEX_MATCHERS_HINT = 20;
    /** A CIDR allowlist entry wider than this prefix (a /8 is 16 million IPv4 addresses) is barely a list. */
    public static final int MIN_CIDR_PREFIX = 8;
    /** A template whose mean render over the samples takes longer than this earns a hint (ms). */
    public static final long TEMPLATE_BUDGET_MILLIS = 5;
    /** The only host Slack issues incoming-webhook URLs on. */
    public static final String SLACK_WEBHOOK_HOST = "hooks.slack.com";

    private static final String SAMPLES = "/io/alertgate/validate/samples/";
    /** {@code {{ value | filter }}} or {@code {{ value | filter("arg") }}}: Jinja's filter syntax. */
    private static final Pattern JINJA_FILTER = Pattern.compile(
            "\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*\\|\\s*([A-Za-z_]\\w*)\\s*(?:\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)]*))\\s*\\))?\\s*}}");
    private static final Pattern JINJA_STATEMENT = Pattern.compile("\\{%.*?%}");
    /** Jinja filter names of the seed's templates → alertgate's Mustache lambdas. */
    private static final Map<String, String> FILTERS = Map.of(
            "upper", "upper", "lower", "lower", "truncate", "truncate", "slack_timestamp", "slack_date",
            "slack_date", "slack_date", "slack_link", "link", "link", "link", "duration", "duration");

    /** The seed's variable names that alertgate's view model spells differently. */
    private static final Map<String, String> VARIABLES = Map.of("alert.timestamp", "alert.startsAt");

    private final Map<String, String> env;
    private final SecretDecoder secrets;
    private final int keyRingSize;
    private final Clock clock;
    private final List<Sample> samples;
    private final java.util.function.LongSupplier nanoTime;
    private final StartCheck startCheck;

    /**
     * @param env the environment {@code ${VAR}} resolves from
     * @param secrets decrypts {@code enc:} values (the process's key ring)
     * @param keyRingSize how many keys the key ring holds, 0 when none (paranoid: single-key ring)
     * @param clock renders templates at a fixed instant, so reports are reproducible
     * @param samples payloads every template is rendered against (standard and up)
     */
    public Validator(Map<String, String> env, SecretDecoder secrets, int keyRingSize, Clock clock, List<Sample> samples) {
        this(env, secrets, keyRingSize, clock, samples, () -> 0L);
    }

    /**
     * As above, timing each render with {@code nanoTime} (monotonic nanoseconds) for the
     * slow-template hint; the other constructor times nothing.
     */
    public Validator(Map<String, String> env, SecretDecoder secrets, int keyRingSize, Clock clock, List<Sample> samples,
            java.util.function.LongSupplier nanoTime) {
        this(env, secrets, keyRingSize, clock, samples, nanoTime, StartCheck.NONE);
    }

    /**
     * As above, also reporting (standard level and up) what {@code startCheck} says serve would
     * refuse: {@code AG250} TLS material, {@code AG260} token rotation without a key ring.
     */
    public Validator(Map<String, String> env, SecretDecoder secrets, int keyRingSize, Clock clock, List<Sample> samples,
            java.util.function.LongSupplier nanoTime, StartCheck startCheck) {
        this.startCheck = java.util.Objects.requireNonNull(startCheck, "startCheck");
        this.nanoTime = nanoTime;
        this.env = Map.copyOf(env);
        this.secrets = secrets;
        this.keyRingSize = keyRingSize;
        this.clock = clock;
        this.samples = List.copyOf(samples);
    }

    /** The payloads bundled with alertgate (realistic kube-prometheus alerts, firing and resolved). */
    public static List<Sample> builtInSamples() {
        List<Sample> out = new ArrayList<>();
        try (InputStream index = Validator.class.getResourceAsStream(SAMPLES + "index.txt")) {
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (name.isBlank()) continue;
                try (InputStream in = Validator.class.getResourceAsStream(SAMPLES + name.strip())) {
                    out.add(new Sample(name.strip(), in.readAllBytes()));
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("built-in validation samples are missing", e);
        }
        return out;
    }

    /** Every {@code *.json} file of {@code dir}, sorted by name; throws IOException when unreadable. */
    public static List<Sample> samplesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Sample> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Sample(p.getFileName().toString(), Files.readAllBytes(p)));
            }
            return out;
        }
    }

    /** Validates {@code file} at {@code level}. Never throws: an unreadable file is a report with {@code unreadable}. */
    public Validation validate(Path file, Level level) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return new Validation(new Report(name, level, List.of(new Finding(Severity.ERROR, "AG100", "", 0,
                    "cannot read the file: " + e.getClass().getSimpleName(), "check the path and its permissions")), true),
                    Optional.empty());
        }
        RawYaml raw = RawYaml.empty().add(text, "");
        List<Finding> findings = new ArrayList<>();
        GatewayConfig config;
        try {
            config = new ConfigLoader(env, secrets).parse(text, file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            findings.add(loaderFinding(e));
            return new Validation(new Report(name, level, findings, false), Optional.empty());
        } catch (IOException e) {
            findings.add(new Finding(Severity.ERROR, "AG100", "tenants_dir", raw.line("tenants_dir"),
                    "cannot read a tenant file: " + e.getMessage(), "check tenants_dir and its files' permissions"));
            return new Validation(new Report(name, level, findings, true), Optional.empty());
        }
        addTenantFiles(raw, file, config);
        new Checks(config, raw, level, findings).run();
        return new Validation(new Report(name, level, findings, false), Optional.of(config));
    }

    private static void addTenantFiles(RawYaml raw, Path file, GatewayConfig config) {
        Optional<String> dir = raw.scalar("tenants_dir");
        if (dir.isEmpty()) return;
        Path base = file.toAbsolutePath().getParent().resolve(dir.get());
        for (String id : config.tenants().keySet()) {
            for (String ext : List.of(".yaml", ".yml")) {
                Path f = base.resolve(id + ext);
                try {
                    if (Files.isRegularFile(f)) raw.add(Files.readString(f), "tenants_dir/" + id + ext);
                } catch (IOException e) {
                    // The loader read it a moment ago; without it findings simply carry no line.
                }
            }
        }
    }

    /** Classifies the loader's one error by its message into a stable code. */
    static Finding loaderFinding(ConfigException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String code;
        String fix;
        if (m.startsWith("YAML syntax")) {
            code = "AG101";
            fix = "fix the YAML at this line (indentation, quotes, a missing ':')";
        } else if (m.startsWith("unknown key")) {
            code = "AG102";
            fix = "remove the key or correct its spelling";
        } else if (m.startsWith("missing") || m.contains("required") || m.contains("no tenant configured")
                || m.contains("has no default destination") || m.contains("has no environment")) {
            code = "AG103";
            fix = "add the missing key";
        } else if (m.contains("no webhook named") || m.contains("no user named") || m.contains("no template named")
                || m.contains("is not a target") || m.contains("needs app_config.bot_token")
                || m.contains("time interval")) {
            code = "AG104";
            fix = "define what is referenced, or correct the reference";
        } else if (m.contains("enc:") || m.contains("key ring") || m.contains("decrypt") || m.contains("Fernet")) {
            code = "AG105";
            fix = "encrypt the value with `alertgate encrypt` under a key of ALERTGATE_KEYS";
        } else {
            code = "AG106";
            fix = "correct the value's type or range";
        }
        return new Finding(Severity.ERROR, code, e.path(), e.line(), m, fix);
    }

    /** The checks on a loaded config; one instance per run. */
    private final class Checks {
        private final GatewayConfig config;
        private final RawYaml raw;
        private final Level level;
        private final List<Finding> out;
        private final List<Parsed> parsed = new ArrayList<>();

        private record Parsed(String name, AlertGroup group) {}

        Checks(GatewayConfig config, RawYaml raw, Level level, List<Finding> out) {
            this.config = config;
            this.raw = raw;
            this.level = level;
            this.out = out;
        }

        private void add(Severity s, String code, String path, String message, String fix) {
            out.add(new Finding(s, code, path, raw.line(path), message, fix));
        }

        private void addAt(Severity s, String code, String path, int line, String message, String fix) {
            out.add(new Finding(s, code, path, line, message, fix));
        }

        /** The YAML path of a tenant's {@code slack} block, as the loader names it. */
        private String slack(TenantConfig t) {
            String env = config.server().environment();
            String inline = "tenants." + t.id();
            if (raw.has(inline)) return inline + ".environments." + env + ".slack";
            String yml = "tenants_dir/" + t.id() + ".yml";
            return (raw.has(yml) ? yml : "tenants_dir/" + t.id() + ".yaml") + ".environments." + env + ".slack";
        }

        void run() {
            for (TenantConfig t : config.tenants().values()) {
                compileTemplates(t);
                jinja(t);
            }
            if (!level.includes(Level.STANDARD)) return;
            tlsFiles();
            startRefusals();
            listenHost();
            auditFile();
            parseSamples();
            for (TenantConfig t : config.tenants().values()) {
                renderSamples(t, false);
                rules(t);
                escalationOrder(t);
                rate(t);
                cacheSize(t);
            }
            if (!level.includes(Level.STRICT)) return;
            plainSecret("server.admin_token", config.server().adminToken());
            config.redis().ifPresent(r -> {
                // A Redis URL is a secret only when it carries a password.
                r.url().filter(u -> u.reveal().contains("@")).ifPresent(u -> plainSecret("redis.url", Optional.of(u)));
                r.sentinel().ifPresent(s -> {
                    plainSecret("redis.sentinel.password", s.password());
                    plainSecret("redis.sentinel.sentinel_password", s.sentinelPassword());
                });
                r.cluster().ifPresent(c -> plainSecret("redis.cluster.password", c.password()));
            });
            for (TenantConfig t : config.tenants().values()) {
                renderSamples(t, true);
                String s = slack(t);
                plainSecret(s + ".app_config.bot_token", t.botToken());
                plainSecret(s + ".app_config.signing_secret", t.signingSecret());
                plainSecret(s + ".app_config.refresh_token", t.tokenRotation().map(TenantConfig.TokenRotation::refreshToken));
                plainSecret(s + ".app_config.client_secret", t.tokenRotation().map(TenantConfig.TokenRotation::clientSecret));
                String auth = authPath(t);
                plainSecret(auth + ".bearer_token", t.auth().bearerToken());
                plainSecret(auth + ".basic.password", t.auth().basicPassword());
                String am = auth.substring(0, auth.length() - ".auth".length()) + ".alertmanager";
                plainSecret(am + ".bearer_token", t.alertmanager().flatMap(TenantConfig.AlertmanagerApi::bearerToken));
                plainSecret(am + ".basic_auth.password", t.alertmanager().flatMap(TenantConfig.AlertmanagerApi::basicPassword));
                for (var w : t.webhooks().entrySet()) {
                    plainSecret(s + ".webhooks." + w.getKey(), Optional.of(w.getValue()));
                    if ("http".equals(scheme(w.getValue()))) {
                        add(Severity.ERROR, "AG303", s + ".webhooks." + w.getKey(),
                                "webhook URL uses http://: the URL (a credential) and every message travel in clear",
                                "use the https:// URL Slack issued");
                    }
                }
                if (t.fallback().isEmpty()) {
                    add(Severity.WARNING, "AG304", s + ".channels",
                            "no fallback destination: a message refused for good (archived channel, revoked token) becomes a dead letter",
                            "set channels.fallback to a target in another channel or workspace");
                }
                if (t.escalation().enabled() && t.signingSecret().isEmpty()) {
                    add(Severity.ERROR, "AG305", s + ".escalation",
                            "escalation is enabled but app_config.signing_secret is not set: Acknowledge buttons cannot be verified",
                            "set app_config.signing_secret to the Slack app's signing secret (enc: or ${VAR})");
                }
            }
            if (!level.includes(Level.PARANOID)) return;
            boolean anyEncrypted = false;
            wideCidrs("server.trusted_proxies", config.server().ingress().trustedProxies());
            for (TenantConfig t : config.tenants().values()) {
                String s = slack(t);
                if (!t.auth().requiresCredentials()) {
                    add(Severity.ERROR, "AG401", authPath(t), "tenant '" + t.id() + "' accepts webhooks without credentials:"
                            + " anyone who reaches the port can post alerts", "set auth.bearer_token (Alertmanager's"
                            + " http_config.authorization) or auth.basic, as enc: or ${VAR}");
                }
                wideCidrs(authPath(t) + ".allowed_cidrs", t.auth().allowedCidrs());
                for (var w : t.webhooks().entrySet()) {
                    String host = host(w.getValue());
                    if (host != null && !host.equals(SLACK_WEBHOOK_HOST)) {
                        add(Severity.WARNING, "AG403", s + ".webhooks." + w.getKey(),
                                "webhook URL is not on " + SLACK_WEBHOOK_HOST + ": messages go to a third party",
                                "use the URL Slack issued (https://" + SLACK_WEBHOOK_HOST + "/services/…)");
                    }
                }
                for (var tpl : t.templates().entrySet()) mentions(s + ".templates." + tpl.getKey(), tpl.getValue());
                anyEncrypted |= Stream.of(".app_config.bot_token", ".app_config.signing_secret")
                        .anyMatch(k -> raw.provenance(s + k) == RawYaml.Provenance.ENCRYPTED)
                        || t.webhooks().keySet().stream()
                                .anyMatch(k -> raw.provenance(s + ".webhooks." + k) == RawYaml.Provenance.ENCRYPTED);
            }
            if (anyEncrypted && keyRingSize == 1) {
                add(Severity.WARNING, "AG404", "", "the key ring holds a single key: it cannot be rotated without downtime",
                        "add a second key to ALERTGATE_KEYS and run `alertgate rotate` when you retire the old one");
            }
        }

        /** {@code environments.<env>.auth}, beside the {@code slack} block. */
        private String authPath(TenantConfig t) {
            String s = slack(t);
            return s.substring(0, s.length() - ".slack".length()) + ".auth";
        }

        /** AG250: {@code server.tls} files must be readable (their PEM content is checked when the listener loads them). */
        private void tlsFiles() {
            config.server().ingress().tls().ifPresent(t -> {
                Map<String, Path> files = new java.util.LinkedHashMap<>();
                files.put("server.tls.cert_file", t.certFile());
                files.put("server.tls.key_file", t.keyFile());
                t.clientCaFile().ifPresent(f -> files.put("server.tls.client_ca_file", f));
                files.forEach((path, file) -> {
                    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                        add(Severity.ERROR, "AG250", path, "not a readable file: " + file,
                                "give the PEM file's path (relative paths are from the working directory)");
                    }
                });
            });
        }

        /**
         * AG270: the {@code server.listen} host does not resolve, or is no address of this machine
         * (serve fails to listen). Checked by binding an ephemeral port on it, here where validate runs.
         */
        private void listenHost() {
            String host = config.server().host();
            java.net.InetAddress address;
            try {
                address = java.net.InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                add(Severity.ERROR, "AG270", "server.listen", "host " + host + " does not resolve",
                        "give an address or name of this machine (127.0.0.1, 0.0.0.0, ::)");
                return;
            }
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, address)) {
                // Bound: serve can listen on this host (the port itself is checked by serve).
            } catch (IOException e) {
                add(Severity.ERROR, "AG270", "server.listen", "cannot listen on host " + host + " (" + address.getHostAddress()
                        + "): " + e.getMessage(), "give an address of this machine (127.0.0.1, 0.0.0.0, ::)");
            }
        }

        /** AG271: the {@code server.audit_file} cannot be appended to (serve logs an ERROR and runs without it). */
        private void auditFile() {
            config.server().auditFile().ifPresent(file -> {
                Path dir = file.toAbsolutePath().getParent();
                String why = Files.exists(file) ? (Files.isWritable(file) ? null : "the file is not writable")
                        : dir == null || !Files.isDirectory(dir) ? "its directory " + dir + " does not exist"
                        : Files.isWritable(dir) ? null : "its directory " + dir + " is not writable";
                if (why != null) {
                    add(Severity.WARNING, "AG271", "server.audit_file", "audit file " + file + " cannot be written here: " + why
                            + " (serve would run without the audit trail)", "create the directory, or give a writable path");
                }
            });
        }

        /** AG250 / AG260: what serve refuses at start, unless a finding at that path says so already (an unreadable file). */
        private void startRefusals() {
            for (StartCheck.Refusal r : startCheck.check(config)) {
                String path = r.tenant().map(t -> slack(config.tenants().get(t)) + "." + r.path()).orElse(r.path());
                if (out.stream().anyMatch(f -> f.severity() == Severity.ERROR && f.path().equals(path))) continue;
                add(Severity.ERROR, r.code(), path, r.message(), r.fix());
            }
        }

        private void wideCidrs(String path, List<io.alertgate.config.Cidr> cidrs) {
            for (int i = 0; i < cidrs.size(); i++) {
                var c = cidrs.get(i);
                if (c.prefixLength() < MIN_CIDR_PREFIX) {
                    add(Severity.WARNING, "AG402", path + "[" + i + "]", "CIDR " + c + " is wider than /" + MIN_CIDR_PREFIX
                            + (c.prefixLength() == 0 ? ": it allows every address" : ""),
                            "list the networks Alertmanager (or your proxies) really use");
                }
            }
        }

        private void compileTemplates(TenantConfig t) {
            for (var e : t.templates().entrySet()) {
                String path = slack(t) + ".templates." + e.getKey();
                try {
                    TemplateEngine.compile(Map.of(e.getKey(), e.getValue()), clock);
                } catch (TemplateException ex) {
                    addAt(Severity.ERROR, "AG107", path, raw.textLine(path) + Math.max(0, ex.line() - 1),
                            "template '" + e.getKey() + "' does not compile: " + ex.getMessage(),
                            "close every {{#section}} with {{/section}}; see docs/templates.md");
                }
            }
        }

        /** Jinja syntax compiles as Mustache (a variable named "x | upper") and prints nothing: say so, precisely. */
        private void jinja(TenantConfig t) {
            for (var e : t.templates().entrySet()) {
                String path = slack(t) + ".templates." + e.getKey();
                String[] lines = e.getValue().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    var m = JINJA_FILTER.matcher(lines[i]);
                    while (m.find()) {
                        addAt(Severity.WARNING, "AG108", path, raw.textLine(path) + i,
                                "Jinja filter syntax '" + m.group() + "' is not Mustache: it renders as an empty string",
                                "write " + mustacheFor(m.group(1), m.group(2),
                                        m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5)));
                    }
                    var st = JINJA_STATEMENT.matcher(lines[i]);
                    while (st.find()) {
                        addAt(Severity.WARNING, "AG108", path, raw.textLine(path) + i,
                                "Jinja statement '" + st.group() + "' is not Mustache: it is printed as text",
                                "use a section: {{#value}}…{{/value}} for if/for, {{^value}}…{{/value}} for else");
                    }
                }
            }
        }

        private void parseSamples() {
            var s = config.server();
            WebhookParser parser = new WebhookParser(new IngestLimits(s.maxBodyBytes(), s.maxNestingDepth(), s.maxAlerts()));
            for (Sample sample : samples) {
                try {
                    parsed.add(new Parsed(sample.name(), parser.parse(sample.body())));
                } catch (IngestException e) {
                    addAt(Severity.ERROR, "AG200", sample.name(), 0, "sample payload is not a valid Alertmanager webhook: "
                            + e.error() + (e.path().isEmpty() ? "" : " at " + e.path()), "fix or remove the sample file");
                }
            }
        }

        /** Every template (and the built-in layout) against every sample; strict: missing variables too. */
        private void renderSamples(TenantConfig t, boolean strict) {
            String s = slack(t);
            TemplateEngine engine;
            try {
                engine = TemplateEngine.compile(t.templates(), clock, strict);
            } catch (TemplateException e) {
                return; // reported by compileTemplates
            }
            List<String> names = new ArrayList<>(t.templates().keySet());
            if (!strict) names.add(TemplateEngine.DEFAULT_TEMPLATE_NAME);
            Set<String> reported = new HashSet<>();
            Map<String, Long> renderNanos = new LinkedHashMap<>();
            for (Parsed p : parsed) {
                NotificationView view = ViewModels.build(p.group(), t.id(), config.server().environment(), t.locale(), clock);
                for (String name : names) {
                    String path = t.templates().containsKey(name) ? s + ".templates." + name : s;
                    long start = nanoTime.getAsLong();
                    Rendered r = engine.render(name, view);
                    renderNanos.merge(name, nanoTime.getAsLong() - start, Long::sum);
                    if (strict) {
                        // Other render failures (a partial, a filter) are AG201's, reported at standard.
                        if (r.fellBack() && r.failure().contains("missing variable") && reported.add(name)) {
                            add(Severity.ERROR, "AG301", path, "template '" + name + "' uses a variable missing from the view model"
                                    + " (sample " + p.name() + "): " + r.failure(),
                                    "use a name from docs/templates.md, or wrap optional values in {{#name}}…{{/name}}");
                        }
                        continue;
                    }
                    if (r.fellBack() && reported.add("fail:" + name)) {
                        add(Severity.WARNING, "AG201", path, "template '" + name + "' fails on sample " + p.name()
                                + " and falls back to the built-in layout: " + r.failure(), "see docs/templates.md");
                    }
                    // A template's output reaches Slack only as the body section, cut by BlockKitFormatter to the
                    // section limit; every other block comes from the formatter, which keeps within Block Kit's
                    // limits (BlockKitFormatterTest). So the one limit a template can exceed is this one.
                    int length = BlockKitLimits.length(r.text());
                    if (length > BlockKitLimits.MAX_SECTION_TEXT && reported.add("long:" + name)) {
                        add(Severity.WARNING, "AG202", path, "template '" + name + "' renders " + length
                                + " characters on sample " + p.name() + "; a section holds " + BlockKitLimits.MAX_SECTION_TEXT
                                + ", the rest is cut", "show fewer alerts or shorter text in the body ({{#truncate}})");
                    }
                }
            }
            if (strict || parsed.isEmpty()) return;
            for (var e : renderNanos.entrySet()) {
                if (!t.templates().containsKey(e.getKey())) continue;
                double meanMillis = e.getValue() / 1e6 / parsed.size();
                if (meanMillis > TEMPLATE_BUDGET_MILLIS) {
                    add(Severity.HINT, "AG241", s + ".templates." + e.getKey(), String.format(java.util.Locale.ROOT,
                            "template '%s' takes %.1f ms per render on the samples (budget %d ms)", e.getKey(), meanMillis,
                            TEMPLATE_BUDGET_MILLIS), "loop over fewer alerts, or move heavy text out of {{#alerts}}");
                }
            }
        }

        /** Conservative: identical matcher sets, rules after a catch-all, contradictory equalities. */
        private void rules(TenantConfig t) {
            String s = slack(t);
            List<RoutingRule> rules = t.rules();
            int regexes = 0;
            for (int i = 0; i < rules.size(); i++) {
                RoutingRule r = rules.get(i);
                String path = s + ".routing_rules[" + i + "]";
                for (Matcher m : r.matchers()) {
                    if (m.type() == Matcher.Type.REGEX || m.type() == Matcher.Type.NOT_REGEX) regexes++;
                }
                Optional<String> never = contradiction(r.matchers());
                if (never.isPresent()) {
                    add(Severity.WARNING, "AG211", path, "rule '" + r.id() + "' can never match: " + never.get(),
                            "remove one of the conflicting conditions");
                }
                for (int j = 0; j < i; j++) {
                    RoutingRule earlier = rules.get(j);
                    if (earlier.continueMatching()) continue;
                    if (earlier.matchers().isEmpty()) {
                        add(Severity.WARNING, "AG210", path, "rule '" + r.id() + "' is never reached: rule '" + earlier.id()
                                + "' before it matches every alert and has no continue: true",
                                "move the catch-all rule last, or give it continue: true");
                        break;
                    }
                    if (new HashSet<>(earlier.matchers()).equals(new HashSet<>(r.matchers()))) {
                        add(Severity.WARNING, "AG210", path, "rule '" + r.id() + "' is shadowed by rule '" + earlier.id()
                                + "': same matchers, and the earlier one has no continue: true",
                                "merge the two rules, or give the earlier one continue: true");
                        break;
                    }
                }
            }
            if (regexes > REGEX_MATCHERS_HINT) {
                add(Severity.HINT, "AG240", s + ".routing_rules", regexes + " regex matchers are evaluated for every alert group",
                        "prefer exact conditions (label: value) where the value is known");
            }
        }

        private static Optional<String> contradiction(List<Matcher> matchers) {
            Map<String, String> equal = new LinkedHashMap<>();
            for (Matcher m : matchers) {
                if (m.type() != Matcher.Type.EQUAL) continue;
                String before = equal.putIfAbsent(m.name(), m.value());
                if (before != null && !before.equals(m.value())) {
                    return Optional.of(m.name() + " cannot equal both '" + before + "' and '" + m.value() + "'");
                }
            }
            for (Matcher m : matchers) {
                if (m.type() == Matcher.Type.NOT_EQUAL && m.value().equals(equal.get(m.name()))) {
                    return Optional.of(m.name() + " cannot both equal and differ from '" + m.value() + "'");
                }
            }
            return Optional.empty();
        }

        private void escalationOrder(TenantConfig t) {
            var levels = t.escalation().levels();
            for (int i = 1; i < levels.size(); i++) {
                if (levels.get(i).delay().compareTo(levels.get(i - 1).delay()) <= 0) {
                    add(Severity.WARNING, "AG220", slack(t) + ".escalation.levels[" + i + "].delay_minutes",
                            "escalation level " + levels.get(i).level() + " fires after " + levels.get(i).delay().toMinutes()
                                    + " min, not later than the level before it (" + levels.get(i - 1).delay().toMinutes() + " min)",
                            "make every level's delay_minutes larger than the previous one");
                }
            }
        }

        private void rate(TenantConfig t) {
            var rl = t.rateLimiting();
            String path = slack(t) + ".rate_limiting";
            if (rl.enabled() && rl.maxRequestsPerSecond() > SLACK_MESSAGES_PER_SECOND) {
                add(Severity.WARNING, "AG230", path + ".max_requests_per_second", "max_requests_per_second "
                        + rl.maxRequestsPerSecond() + " is above Slack's posting rate of about 1 message per second per channel:"
                        + " expect 429 responses and delays", "set max_requests_per_second to 1 (bursts go in burst_capacity)");
            }
            if (!rl.enabled()) {
                add(Severity.WARNING, "AG231", path + ".enabled", "rate limiting is disabled: a storm is sent as fast as"
                        + " Slack answers, then throttled with 429", "enable rate_limiting");
            }
        }

        /**
         * The measurable alert volume is {@code server.max_alerts}, the most alerts one accepted payload
         * carries: a cache smaller than that cannot hold one entry per alert of a single notification.
         */
        private void cacheSize(TenantConfig t) {
            var c = t.caching();
            int maxAlerts = config.server().maxAlerts();
            if (c.enabled() && c.maxEntries() < maxAlerts) {
                add(Severity.HINT, "AG242", slack(t) + ".caching.max_entries", "caching.max_entries " + c.maxEntries()
                        + " is below server.max_alerts " + maxAlerts + ": one accepted payload can carry more alerts than"
                        + " the cache holds entries", "rule: caching.max_entries >= server.max_alerts; raise max_entries to at"
                        + " least " + maxAlerts + " or lower server.max_alerts (alertgate accepts this block for the seed's"
                        + " documents; no gateway cache is sized by it yet)");
            }
        }

        private void plainSecret(String path, Optional<Secret> secret) {
            if (secret.isEmpty() || !raw.has(path)) return;
            if (raw.provenance(path) == RawYaml.Provenance.PLAIN) {
                add(Severity.ERROR, "AG302", path, "secret written in plain text in the config file",
                        "use enc: (alertgate encrypt) or ${VAR} from the environment or a systemd credential");
            }
        }

        private void mentions(String path, String source) {
            String[] lines = source.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                if (l.contains("{{{") || l.contains("{{&")) {
                    addAt(Severity.WARNING, "AG405", path, raw.textLine(path) + i,
                            "unescaped value ({{{ }}} or {{& }}): a label such as <!channel> would ping everyone",
                            "use {{value}}, which escapes <, > and &");
                }
                if (l.contains("<!") || l.contains("<@")) {
                    addAt(Severity.WARNING, "AG405", path, raw.textLine(path) + i,
                            "the template mentions (<!…> or <@…>) in every message it renders",
                            "mention people through escalation targets instead");
                }
            }
        }
    }

    /** {@code {{ x | upper }}} → {@code {{#upper}}{{x}}{{/upper}}}, and the seed's other filters likewise. */
    static String mustacheFor(String variable, String filter, String argument) {
        String lambda = FILTERS.getOrDefault(filter, filter);
        String inner = "{{" + VARIABLES.getOrDefault(variable, variable) + "}}";
        if (lambda.equals("link") && argument != null && !argument.isBlank()) inner += "|" + argument;
        else if (lambda.equals("truncate") && argument != null && !argument.isBlank()) inner = argument.strip() + "|" + inner;
        return "{{#" + lambda + "}}" + inner + "{{/" + lambda + "}}";
    }

    private static String scheme(Secret url) {
        try {
            return new URI(url.reveal()).getScheme();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String host(Secret url) {
        try {
            return new URI(url.reveal()).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Names of the samples, for messages. */
    public List<String> sampleNames() {
        List<String> names = new ArrayList<>();
        for (Sample s : samples) names.add(s.name());
        return List.copyOf(new LinkedHashSet<>(names));
    }
}
