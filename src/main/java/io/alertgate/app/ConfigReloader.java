package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import io.alertgate.http.ConfigReload;
import io.alertgate.template.TemplateException;
import io.alertgate.validate.Finding;
import io.alertgate.validate.Level;
import io.alertgate.validate.Report;
import io.alertgate.validate.Severity;
import io.alertgate.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hot reload ({@code POST /-/reload}, SIGHUP): reads the config file again, validates it at the
 * serving config's {@code server.reload_validation_level}, and swaps it into the {@link Gateway}
 * only when valid; otherwise the old config keeps serving and the report says why.
 *
 * <p>Design note. Reloads are serialised ({@code synchronized}): two at once would race to swap and
 * the loser's report would describe a config that is not serving. The swap itself is one
 * {@code AtomicReference.set} inside {@link Gateway#swap}, so webhook requests never wait on a
 * reload and never see half a config. What is bound at start (the listen address, the admin
 * token, Redis, …) is not changed by a reload: {@link RestartRequired} names the changed paths in
 * the answer and a WARN line.
 */
public final class ConfigReloader implements ConfigReload {
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");

    /** The outcome of the last reload, for the metrics {@code alertgate_config_last_reload_*}. */
    public record LastReload(boolean successful, Optional<Instant> lastSuccess) {}

    private final Gateway gateway;
    private final Path file;
    private final Map<String, String> env;
    private final Clock clock;
    private final List<Validator.Sample> samples;
    private final AtomicReference<LastReload> last;

    /**
     * @param clock timestamps successful reloads and renders the validation samples
     */
    public ConfigReloader(Gateway gateway, Path file, Map<String, String> env, Clock clock) {
        this.gateway = gateway;
        this.file = file;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.samples = Validator.builtInSamples();
        // The config the process started with was loaded and is serving: that counts as a success.
        this.last = new AtomicReference<>(new LastReload(true, Optional.of(clock.instant())));
    }

    /** Loads, validates, and swaps when valid; returns the report either way. Never throws. */
    public synchronized Result reloadNow() {
        Level level = Level.parse(gateway.config().server().reloadValidationLevel());
        Validator.Validation v = Gateway.validator(env, clock, samples).validate(file, level);
        Report report = v.report();
        if (!report.valid() || v.config().isEmpty()) {
            return refused(report);
        }
        GatewayConfig next = v.config().get();
        try {
            gateway.reloadTls();
        } catch (io.alertgate.tls.TlsException e) {
            return refused(new Report(report.file(), level, List.of(new Finding(Severity.ERROR, "AG250", "server.tls", 0,
                    e.getMessage(), "fix the certificate or key file; the old ones stay in use")), false));
        }
        GatewayConfig serving = gateway.config();
        try {
            gateway.swap(next);
        } catch (TemplateException e) {
            // The validator compiled every template already; this only happens if the two disagree.
            report = new Report(report.file(), level, List.of(new Finding(Severity.ERROR, "AG107", "", 0,
                    e.getMessage(), "fix the template")), false);
            return refused(report);
        }
        last.set(new LastReload(true, Optional.of(clock.instant())));
        LOG.log(System.Logger.Level.INFO, "config reloaded from {0}: {1}", file, report.summary());
        List<String> restart = RestartRequired.paths(gateway.startedWith(), serving, next, gateway.tenantsInUse());
        if (!restart.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "config reload did not apply {0}: these take effect on restart",
                    String.join(", ", restart));
        }
        return new Result(true, report, restart);
    }

    private Result refused(Report report) {
        last.set(new LastReload(false, last.get().lastSuccess()));
        String first = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                .map(f -> "; first error " + f.code() + " at " + f.path() + " (line " + f.line() + "): " + f.message())
                .orElse("");
        LOG.log(System.Logger.Level.WARNING, "config reload refused, the previous config keeps serving: {0}{1}",
                report.summary(), first);
        return new Result(false, report);
    }

    @Override
    public Outcome reload() {
        Result r = reloadAudited("admin_token");
        return new Outcome(r.applied(), r.report().toJson(), r.restartRequired());
    }

    /**
     * {@link #reloadNow} and its audit record {@code config.reload}: {@code result} applied or
     * refused, {@code tenants} serving afterwards, {@code who} asked ({@code admin_token} for
     * {@code POST /-/reload}, {@code SIGHUP}) — never the token itself.
     */
    synchronized Result reloadAudited(String who) {
        Result r = reloadNow();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("result", r.applied() ? "applied" : "refused");
        fields.put("tenants", String.join(",", gateway.config().tenants().keySet()));
        fields.put("who", who);
        r.report().findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                .ifPresent(f -> fields.put("first_error", f.code() + " at " + f.path()));
        gateway.audit().record("config.reload", fields);
        return r;
    }

    /**
     * The outcome of one reload.
     *
     * @param restartRequired YAML paths whose change was not applied ({@link RestartRequired}); empty when refused
     */
    public record Result(boolean applied, Report report, List<String> restartRequired) {
        public Result {
            restartRequired = List.copyOf(restartRequired);
        }

        /** Refused, or nothing left for a restart. */
        public Result(boolean applied, Report report) {
            this(applied, report, List.of());
        }
    }

    public LastReload lastReload() {
        return last.get();
    }

    /** The start-up warning when SIGHUP is ignored (inherited from {@code nohup}): nothing would reload. */
    static final String SIGHUP_IGNORED = "SIGHUP is ignored by this process (started under nohup?); use POST /-/reload";

    /**
     * Reloads on SIGHUP, as Alertmanager and Prometheus do. Uses {@code sun.misc.Signal} (module
     * {@code jdk.unsupported}, still present in JDK 25); returns false where the signal cannot be
     * handled (Windows, or a JVM without the module), or where it is ignored — a process started
     * under {@code nohup} inherits SIGHUP as ignored and the JDK then installs nothing (it returns
     * {@code SIG_IGN} as the previous handler); both logged as a WARN. {@code POST /-/reload} works everywhere.
     */
    @SuppressWarnings("restriction")
    public boolean installSignalHandler() {
        try {
            return installSignalHandler(h -> sun.misc.Signal.handle(new sun.misc.Signal("HUP"), h),
                    s -> Thread.ofVirtual().start(() -> reloadAudited("SIGHUP")));
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here ({0}); use POST /-/reload", e.toString());
            return false;
        }
    }

    /**
     * Installs {@code handler} through {@code install} (which returns the previous handler); false
     * with a WARN when the previous one is {@code SIG_IGN}, where the JDK leaves the signal ignored.
     */
    @SuppressWarnings("restriction")
    static boolean installSignalHandler(java.util.function.UnaryOperator<sun.misc.SignalHandler> install,
            sun.misc.SignalHandler handler) {
        if (install.apply(handler) == sun.misc.SignalHandler.SIG_IGN) {
            LOG.log(System.Logger.Level.WARNING, SIGHUP_IGNORED);
            return false;
        }
        return true;
    }
}
