package io.alertgate.app;

import com.fasterxml.jackson.jr.ob.JSON;
import io.alertgate.config.ConfigException;
import io.alertgate.config.GatewayConfig;
import io.alertgate.ingest.IngestException;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.Planned;
import io.alertgate.pipeline.UnknownTenantException;
import io.alertgate.slack.Destination;
import io.alertgate.secrets.EncryptedValues;
import io.alertgate.secrets.KeyRing;
import io.alertgate.secrets.SecretCommands;
import io.alertgate.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The CLI's subcommands, each returning its exit code: {@link #OK} 0, {@link #INVALID} 1 (invalid
 * input or failed check), {@link #USAGE} 2 (usage error or unreadable file). Errors are one line
 * on stderr naming the file, YAML path or payload field — never a stack trace.
 */
public final class Commands {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final String version;

    public Commands(PrintStream out, PrintStream err, Map<String, String> env, String version) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.version = version;
    }

    /**
     * {@code env} with {@code --key-file}, when given, as the key ring's first source
     * ({@link KeyRing#KEY_FILE_OPTION}): {@code serve}, {@code validate} and {@code render} read the
     * ring deep inside (config load, token rotation) from the environment they are given.
     */
    public static Map<String, String> withKeyFile(Map<String, String> env, Optional<Path> keyFile) {
        if (keyFile.isEmpty()) return env;
        Map<String, String> with = new java.util.HashMap<>(env);
        with.put(KeyRing.KEY_FILE_OPTION, keyFile.get().toString());
        return Map.copyOf(with);
    }

    /** Commands that read a config share one error mapping. */
    @FunctionalInterface
    private interface Body {
        int run() throws IOException, ConfigException, TemplateException;
    }

    private int guarded(Body body) {
        try {
            return body.run();
        } catch (NoSuchFileException e) {
            err.println("alertgate: cannot read " + e.getFile());
            return USAGE;
        } catch (IOException e) {
            err.println("alertgate: " + e.getMessage());
            return USAGE;
        } catch (ConfigException e) {
            err.println("alertgate: invalid config: " + e.describe());
            return INVALID;
        } catch (TemplateException e) {
            err.println("alertgate: invalid config: " + e.getMessage());
            return INVALID;
        } catch (io.alertgate.tls.TlsException | StartRefused e) {
            err.println("alertgate: cannot start: " + e.getMessage());
            return INVALID;
        }
    }

    private GatewayConfig config(Optional<Path> file) throws IOException, ConfigException {
        return file.isEmpty() ? Gateway.exampleConfig(env) : Gateway.loadConfig(file.get(), env);
    }

    /** {@code serve}: runs until SIGTERM/SIGINT, then drains within the configured bound. */
    public int serve(Optional<Path> configFile) {
        return guarded(() -> {
            JsonLogFormatter.install();
            GatewayConfig config = config(configFile);
            Gateway gateway;
            try {
                gateway = Gateway.start(config, Gateway.Options.defaults());
            } catch (java.net.SocketException | java.nio.channels.UnresolvedAddressException e) {
                // A port in use, or a host that does not resolve or is not this machine's ("Unresolved address").
                throw new IOException("cannot listen on " + config.server().host() + ":" + config.server().port()
                        + " (server.listen): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (RuntimeException e) {
                // Any other start failure (an unresolvable listen host, Redis refusing the client…): one line,
                // no stack trace. The message names the failure's kind; secrets never reach exception messages here.
                throw new StartRefused(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            if (configFile.isPresent()) gateway.enableReload(configFile.get(), env, true);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }, "alertgate-shutdown"));
            // A log line, not a bare println: stderr carries JSON lines only, for log shippers.
            System.getLogger("io.alertgate.app").log(System.Logger.Level.INFO, "alertgate " + version
                    + " listening on " + listenerDescription(config, gateway.port())
                    + " — POST Alertmanager webhooks to /api/v1/alerts/{tenant}");
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OK;
        });
    }

    /** {@code http://host:port}, or {@code https://host:port} with whether client certificates are required. */
    static String listenerDescription(GatewayConfig config, int port) {
        var tls = config.server().ingress().tls();
        String url = (tls.isPresent() ? "https://" : "http://") + config.server().host() + ":" + port;
        if (tls.isEmpty()) return url;
        return url + (tls.get().clientCaFile().isPresent() ? " (TLS, client certificates required)"
                : " (TLS, no client certificate asked for)");
    }

    /**
     * {@code render}: prints a JSON list with, per destination, the exact body that would be sent
     * ({@code body}), why that destination ({@code reason}), the template used, and a Block Kit
     * Builder link.
     */
    public int render(Optional<Path> configFile, String tenant, Path payloadFile) {
        return guarded(() -> {
            GatewayConfig config = config(configFile);
            byte[] payload = Files.readAllBytes(payloadFile);
            Pipeline pipeline = Gateway.dryRunPipeline(config, Clock.systemUTC());
            List<Planned> planned;
            try {
                planned = pipeline.plan(tenant, pipeline.parser().parse(payload));
            } catch (UnknownTenantException e) {
                err.println("alertgate: unknown tenant '" + tenant + "' (have: "
                        + String.join(", ", config.tenants().keySet()) + ")");
                return INVALID;
            } catch (IngestException e) {
                err.println("alertgate: invalid payload: " + e.error() + (e.path().isEmpty() ? "" : " at " + e.path()));
                return INVALID;
            }
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Planned p : planned) {
                Map<String, Object> body = p.destination() instanceof Destination.Channel c
                        ? p.message().apiBody(c.channel(), null)
                        : p.message().webhookBody();
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("destination", p.destination().name());
                doc.put("reason", p.reason());
                doc.put("template", p.template());
                if (!p.templateFailure().isEmpty()) doc.put("template_failure", p.templateFailure());
                doc.put("body", body);
                doc.put("block_kit_builder", blockKitBuilderLink(body));
                docs.add(doc);
            }
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(docs));
            return OK;
        });
    }

    /**
     * {@code route}: explains in plain words which rules match {@code payloadFile} at {@code at}
     * (matchers with the label values, time intervals active or not, the strategy's pick) and which
     * destinations would be chosen — {@code amtool config routes test} for alertgate. Destinations
     * are assumed idle with closed breakers (no engine runs), and round-robin starts at its first target.
     *
     * @param at an ISO-8601 date-time with offset or zone ({@code 2026-03-29T02:30:00+01:00}); empty: now
     */
    public int route(Optional<Path> configFile, String tenant, Path payloadFile, Optional<String> at) {
        return guarded(() -> {
            java.time.Instant instant;
            try {
                instant = at.isEmpty() ? Clock.systemUTC().instant()
                        : java.time.ZonedDateTime.parse(at.get(), java.time.format.DateTimeFormatter.ISO_DATE_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                err.println("alertgate: --at '" + at.get() + "' is not a date-time such as 2026-03-29T02:30:00+01:00");
                return USAGE;
            }
            GatewayConfig config = config(configFile);
            byte[] payload = Files.readAllBytes(payloadFile);
            Pipeline pipeline = Gateway.dryRunPipeline(config, Clock.fixed(instant, java.time.ZoneOffset.UTC));
            io.alertgate.route.RouteExplanation explanation;
            io.alertgate.alert.AlertGroup group;
            try {
                group = pipeline.parser().parse(payload);
                explanation = pipeline.router(tenant).explain(group, instant);
            } catch (UnknownTenantException e) {
                err.println("alertgate: unknown tenant '" + tenant + "' (have: "
                        + String.join(", ", config.tenants().keySet()) + ")");
                return INVALID;
            } catch (IngestException e) {
                err.println("alertgate: invalid payload: " + e.error() + (e.path().isEmpty() ? "" : " at " + e.path()));
                return INVALID;
            }
            out.println("tenant " + tenant + " at " + at.orElse(instant.toString()) + " (" + instant + ")");
            out.println("labels " + group.routingLabels().asMap());
            for (var step : explanation.rules()) {
                out.println("rule " + step.ruleId() + ": " + (step.matched() ? "MATCHED" : "not matched"));
                for (String line : step.lines()) out.println("  - " + line);
            }
            out.println("result: " + explanation.summary());
            for (var d : explanation.decisions()) {
                out.println("  -> " + d.target().spec() + " (" + d.reason() + ", priority " + d.priority() + ")");
            }
            return OK;
        });
    }

    /** A link that opens the message in Slack's Block Kit Builder (blocks and attachments only). */
    static String blockKitBuilderLink(Map<String, Object> body) throws IOException {
        Map<String, Object> preview = new LinkedHashMap<>();
        if (body.containsKey("blocks")) preview.put("blocks", body.get("blocks"));
        if (body.containsKey("attachments")) preview.put("attachments", body.get("attachments"));
        String json = JSON.std.asString(preview);
        return "https://app.slack.com/block-kit-builder/#"
                + URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code keygen}: prints a new Fernet key (base64url, 32 bytes) for {@code ALERTGATE_KEYS}. */
    public int keygen() {
        SecretCommands.keygen(out, new SecureRandom());
        return OK;
    }

    /**
     * {@code encrypt}: reads one secret from stdin (never from the command line, which other users
     * and shell history can see) and prints it as an {@code enc:} value under the primary key.
     */
    public int encrypt(InputStream stdin, Optional<Path> keyFile) {
        return withKeyRing(keyFile, ring -> {
            out.println(SecretCommands.encrypt(stdin, ring));
            return OK;
        });
    }

    /**
     * {@code rotate}: re-encrypts every {@code enc:} value of a config under the primary key, in
     * place, and records {@code keys.rotate} in the config's {@code server.audit_file} (same chain)
     * or, without one (or when the config cannot be loaded), as one JSON line on stderr. Values in
     * the state store (rotated Slack grants) are not touched here: each replica re-seals them
     * under the primary key when it starts with the new ring.
     */
    public int rotate(Path configFile, Optional<Path> keyFile) {
        return withKeyRing(keyFile, ring -> {
            int n = EncryptedValues.rotateFile(configFile, ring);
            out.println("re-encrypted " + n + " value(s) in " + configFile + " under the primary key");
            out.println("state-store values (rotated Slack tokens) are re-sealed by each replica when it starts with"
                    + " this key ring: restart every replica before removing an old key");
            AuditLog.forCommand(Clock.systemUTC(), auditFileOf(configFile, ring), err)
                    .record("keys.rotate", Map.of("file", configFile.toString(), "values", String.valueOf(n)));
            return OK;
        });
    }

    /**
     * The config's {@code server.audit_file}: as {@code serve} loads it; when the config does not
     * load here (e.g. a {@code ${VAR}} set only in the service's environment), the literal YAML
     * value if it has no {@code ${…}}; else empty (said on stderr).
     */
    private Optional<Path> auditFileOf(Path configFile, KeyRing ring) {
        EncryptedValues values = new EncryptedValues(Optional.of(ring));
        try {
            return new io.alertgate.config.ConfigLoader(env, v -> values.resolve(v)).load(configFile).server().auditFile();
        } catch (IOException | ConfigException | RuntimeException e) {
            try {
                Object doc = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                        .loadFromString(Files.readString(configFile, StandardCharsets.UTF_8));
                if (doc instanceof Map<?, ?> root && root.get("server") instanceof Map<?, ?> server
                        && server.get("audit_file") instanceof String f && !f.contains("$")) {
                    return Optional.of(Path.of(f));
                }
            } catch (IOException | RuntimeException ignored) {
                // Reported below like any config that does not load.
            }
            err.println("alertgate: " + configFile + " does not load here (" + e.getClass().getSimpleName()
                    + "), so its audit_file is unknown: the audit record follows on stderr");
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface KeyRingBody {
        int run(KeyRing ring) throws IOException;
    }

    private int withKeyRing(Optional<Path> keyFile, KeyRingBody body) {
        try {
            Optional<KeyRing> ring = KeyRing.fromEnvironment(env, keyFile);
            if (ring.isEmpty()) {
                err.println("alertgate: no key ring: set ALERTGATE_KEYS (alertgate keygen makes a key) or pass --key-file");
                return INVALID;
            }
            return body.run(ring.get());
        } catch (NoSuchFileException e) {
            err.println("alertgate: cannot read " + e.getFile());
            return USAGE;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("alertgate: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            // Fernet and key-ring errors carry a reason and never the key, token or plaintext.
            err.println("alertgate: " + e.getMessage());
            return INVALID;
        }
    }

    /**
     * {@code validate}: runs the validation engine ({@link io.alertgate.validate.Validator}) at
     * {@code level} and prints its report on stdout, as text or JSON. Exit 0 valid (warnings and
     * hints allowed), 1 invalid, 2 the file (or {@code --samples} folder) could not be read.
     *
     * @param samplesDir extra payloads ({@code *.json}) rendered next to the built-in samples
     */
    public int validate(Path configFile, String level, String format, Optional<Path> samplesDir) {
        io.alertgate.validate.Level lvl;
        try {
            lvl = io.alertgate.validate.Level.parse(level);
        } catch (IllegalArgumentException e) {
            err.println("alertgate: " + e.getMessage());
            return USAGE;
        }
        if (!format.equals("text") && !format.equals("json")) {
            err.println("alertgate: format must be text or json; got '" + format + "'");
            return USAGE;
        }
        List<io.alertgate.validate.Validator.Sample> samples = new ArrayList<>(io.alertgate.validate.Validator.builtInSamples());
        if (samplesDir.isPresent()) {
            try {
                samples.addAll(io.alertgate.validate.Validator.samplesIn(samplesDir.get()));
            } catch (IOException e) {
                err.println("alertgate: cannot read samples folder " + samplesDir.get());
                return USAGE;
            }
        }
        io.alertgate.validate.Report report = Gateway.validator(env, Clock.systemUTC(), samples)
                .validate(configFile, lvl).report();
        if (format.equals("json")) {
            try {
                out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report.toJson()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            out.print(report.text());
        }
        if (report.unreadable()) {
            err.println("alertgate: cannot read " + configFile);
            return USAGE;
        }
        return report.valid() ? OK : INVALID;
    }

    /**
     * {@code audit verify FILE}: 0 when every hash link holds, 1 with the first broken line or when
     * the file holds no audit record (an audit file truncated to nothing must not look healthy), 2 unreadable.
     */
    public int auditVerify(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("alertgate: cannot read " + file);
            return USAGE;
        }
        Optional<String> broken = AuditLog.verify(lines);
        if (broken.isPresent()) {
            err.println("alertgate: audit chain broken at " + broken.get());
            return INVALID;
        }
        long records = AuditLog.countRecords(lines);
        if (records == 0) {
            err.println("alertgate: no audit records in " + file);
            return INVALID;
        }
        out.println("audit chain OK: " + records + " audit record(s); head " + AuditLog.head(lines)
                + AuditLog.continuedFrom(lines).map(p -> "; continues a chain from " + p).orElse("")
                + " (compare with the head you kept: dropped last lines cannot be seen from the file)");
        return OK;
    }
}
