package io.alertgate.app;

import io.alertgate.config.ConfigException;
import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.config.TenantConfig;
import io.alertgate.delivery.DeliveryEngine;
import io.alertgate.delivery.DeliveryListener;
import io.alertgate.delivery.DeliveryPolicy;
import io.alertgate.escalation.Escalations;
import io.alertgate.http.AdminAccess;
import io.alertgate.http.HttpApi;
import io.alertgate.http.Observability;
import io.alertgate.pipeline.Dedup;
import io.alertgate.pipeline.Pipeline;
import io.alertgate.pipeline.PostedMessages;
import io.alertgate.resilience.Backoff;
import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.resilience.NanoClock;
import io.alertgate.resilience.TokenBucket;
import io.alertgate.route.DestinationLoad;
import io.alertgate.route.MuteCounter;
import io.alertgate.route.RoutingServices;
import io.alertgate.secrets.EncryptedValueException;
import io.alertgate.secrets.EncryptedValues;
import io.alertgate.secrets.KeyRing;
import io.alertgate.slack.ConsoleTransport;
import io.alertgate.slack.Destination;
import io.alertgate.slack.HttpSlackTransport;
import io.alertgate.slack.SlackTransport;
import io.alertgate.slack.Sleeper;
import io.alertgate.store.IdempotencyKeys;
import io.alertgate.store.StateStore;
import io.alertgate.template.TemplateException;
import io.alertgate.tls.ServerTls;
import io.alertgate.tls.TlsException;
import io.alertgate.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds every part of a running alertgate and owns its lifecycle: start in order (delivery
 * engine, pipeline, HTTP), stop in reverse within a bound (stop accepting, drain the outbox). The only
 * class that wires packages together; tests start the same Gateway on port 0.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.alertgate.app");
    private static final String EXAMPLE_CONFIG = "/io/alertgate/app/example.yaml";

    private final AtomicReference<Pipeline> pipeline;
    private final DeliveryEngine engine;
    private final HttpApi http;
    private final AtomicBoolean draining;
    private final GatewayConfig config;
    private final Telemetry telemetry;
    private final RoutingServices routing;
    private final MuteCounter muted;
    private final Options options;
    /** Each tenant's delivery policy; a reload replaces it (destinations first seen after the reload use the new one). */
    private final AtomicReference<Function<String, DeliveryPolicy>> policies;
    private final StateStore store;
    private final Escalations escalations;
    /** Where groups' earlier Web API messages are, so a resolve edits them; kept across reloads. */
    private final PostedMessages posted;
    private final Optional<ServerTls> tls;
    private final Optional<Thread> outboxRecovery;
    private final AuditLog audit;
    /** Dedup keys, kept across reloads (a reload may change only the TTL). */
    private final IdempotencyKeys idempotencyKeys;

    /**
     * Outside parts a gateway uses; tests replace them.
     *
     * @param console where {@code console} targets print
     * @param events told of every delivery attempt, lane depth and breaker change (metric hooks)
     * @param env the process environment: its key ring ({@code ALERTGATE_KEYS}, systemd credential)
     *     seals rotated Slack tokens in the state store
     */
    public record Options(Clock clock, HttpClient httpClient, PrintStream console, DeliveryListener events,
            Map<String, String> env) {
        /** With the process environment. */
        public Options(Clock clock, HttpClient httpClient, PrintStream console, DeliveryListener events) {
            this(clock, httpClient, console, events, System.getenv());
        }

        public static Options defaults() {
            return new Options(Clock.systemUTC(), defaultHttpClient(), System.out, DeliveryListener.NONE);
        }
    }

    /** The parts that live as long as the process and survive reloads; built in {@link #start}. */
    private record State(StateStore store, Escalations escalations, PostedMessages posted,
            IdempotencyKeys idempotencyKeys, Optional<ServerTls> tls, Optional<Thread> outboxRecovery, AuditLog audit) {}

    private Gateway(GatewayConfig config, AtomicReference<Pipeline> pipeline, DeliveryEngine engine, HttpApi http,
            AtomicBoolean draining, RoutingServices routing, MuteCounter muted, Telemetry telemetry, Options options,
            AtomicReference<Function<String, DeliveryPolicy>> policies, State state) {
        this.store = state.store();
        this.escalations = state.escalations();
        this.posted = state.posted();
        this.idempotencyKeys = state.idempotencyKeys();
        this.tls = state.tls();
        this.outboxRecovery = state.outboxRecovery();
        this.audit = state.audit();
        this.telemetry = telemetry;
        this.options = options;
        this.policies = policies;
        this.config = config;
        this.routing = routing;
        this.muted = muted;
        this.draining = draining;
        this.pipeline = pipeline;
        this.engine = engine;
        this.http = http;
    }

    /**
     * Starts a gateway serving {@code config}.
     *
     * @throws TemplateException when a tenant template does not compile
     * @throws IOException when the listen address cannot be bound
     */
    public static Gateway start(GatewayConfig config, Options options) throws TemplateException, IOException {
        // First: a bad certificate file stops the start before any thread or connection exists.
        Optional<ServerTls> tls = IngressWiring.tls(config.server().ingress());
        Telemetry telemetry = new Telemetry(version(), options.clock());
        DeliveryListener events = e -> {
            telemetry.on(e);
            options.events().on(e);
        };
        var store = EscalationWiring.store(config, telemetry.metrics()::redisCall);
        SlackTransport transport;
        try {
            transport = transport(config, options, store);
        } catch (RuntimeException e) {
            store.close(); // refused (StartRefused): release the Redis pool before giving up
            throw e;
        }
        AtomicReference<Function<String, DeliveryPolicy>> policies = new AtomicReference<>(policies(config));
        // Set once the pipeline is built; until then (and for the outbox's resolver) the start config.
        AtomicReference<Pipeline> pipeline = new AtomicReference<>();
        Supplier<GatewayConfig> current = () -> pipeline.get() == null ? config : pipeline.get().config();
        DeliveryEngine engine = new DeliveryEngine(new DeliveryEngine.Settings(transport, t -> policies.get().apply(t),
                OutboxWiring.deadLetters(config, store, current, options.clock()),
                EscalationWiring.rememberMessages(store, events),
                NanoClock.system(), Sleeper.THREAD, () -> ThreadLocalRandom.current().nextDouble(),
                DeliveryEngine.DEFAULT_CAPACITY_PER_DESTINATION, config.server().drainTimeout()),
                OutboxWiring.journal(config, store, current));
        // Kept for the process's life: a reload builds a new Pipeline with the same routing state.
        MuteCounter muted = new MuteCounter();
        telemetry.metrics().countMuted(muted::snapshot);
        RoutingServices routing = new RoutingServices(options.clock(), RedisWiring.rotation(config, store),
                destinationLoad(engine), muted);
        var idempotencyKeys = RedisWiring.idempotencyKeys(store, options.clock());
        var escalations = EscalationWiring.escalations(current, store, engine, options.clock(), telemetry);
        telemetry.watch(engine::destinations, escalations);
        PostedMessages posted = EscalationWiring.postedMessages(store);
        pipeline.set(new Pipeline(config, options.clock(), engine, routing,
                escalations::onNotification, telemetry, NanoClock.system()::nanoTime, posted,
                new Dedup(idempotencyKeys, config.dedup().ttl())));
        AtomicBoolean draining = new AtomicBoolean();
        IngressWiring.applyServerProperties(config.server().ingress());
        AuditLog audit = new AuditLog(options.clock(), config.server().auditFile());
        audit.record("config.load", Map.of("tenants", String.join(",", config.tenants().keySet())));
        Observability observability = new Observability(telemetry.metrics(),
                () -> telemetry.health(draining.get(), current.get().tenants().size(),
                        config.redis().isPresent() ? Optional.of(store.ping()) : Optional.empty()),
                telemetry.profile()::toJson, telemetry.trace()::find,
                () -> config.redis().isPresent() && !store.ping() ? Optional.of("redis unreachable") : Optional.empty());
        Supplier<io.alertgate.http.EscalationAccess> escalationAccess =
                EscalationWiring.access(current, escalations, options.clock(), audit);
        HttpApi http = HttpApi.start(config.server().host(), config.server().port(), pipeline::get, () -> !draining.get(),
                adminApi(config, engine), () -> Optional.of(escalationAccess.get()),
                IngressWiring.guard(config, () -> pipeline.get().config(), audit, tls), observability);
        escalations.start();
        Optional<Thread> outboxRecovery = OutboxWiring.startRecovery(config, engine, draining);
        Gateway g = new Gateway(config, pipeline, engine, http, draining, routing, muted, telemetry, options, policies,
                new State(store, escalations, posted, idempotencyKeys, tls, outboxRecovery, audit));
        LOG.log(System.Logger.Level.INFO, "alertgate listening on {0}:{1} (environment {2}, tenants {3})",
                config.server().host(), String.valueOf(g.port()), config.server().environment(),
                String.join(", ", config.tenants().keySet()));
        return g;
    }

    /** The admin endpoints, when {@code server.admin_token} is set; the token is compared in constant time. */
    static Optional<AdminAccess> adminApi(GatewayConfig config, DeliveryEngine engine) {
        return config.server().adminToken().map(secret -> {
            byte[] expected = secret.reveal().getBytes(StandardCharsets.UTF_8);
            return new AdminAccess(
                    presented -> MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8)), engine);
        });
    }

    /** The engine's backlog and breaker state of a destination, as the router's strategies read them. */
    static DestinationLoad destinationLoad(DeliveryEngine engine) {
        return (tenant, target) -> {
            String name = Pipeline.destinationName(tenant, target);
            DestinationLoad.Breaker breaker = switch (engine.breakerState(tenant, name)) {
                case CLOSED -> DestinationLoad.Breaker.CLOSED;
                case HALF_OPEN -> DestinationLoad.Breaker.HALF_OPEN;
                case OPEN -> DestinationLoad.Breaker.OPEN;
            };
            return new DestinationLoad.Load(engine.backlog(tenant, name), breaker);
        };
    }

    /** Each tenant's rate limit, breaker, retry and fallback; unknown tenants get the defaults. */
    static Function<String, DeliveryPolicy> policies(GatewayConfig config) {
        Map<String, DeliveryPolicy> byTenant = new HashMap<>();
        for (TenantConfig t : config.tenants().values()) {
            var rl = t.rateLimiting();
            Optional<TokenBucket.Config> rate = rl.enabled()
                    ? Optional.of(new TokenBucket.Config(rl.maxRequestsPerSecond(), rl.burstCapacity()))
                    : Optional.empty();
            var cb = t.circuitBreaker();
            Optional<TokenBucket.Config> workspace = rl.enabled() && rl.workspaceMaxRequestsPerSecond() > 0
                    ? Optional.of(new TokenBucket.Config(rl.workspaceMaxRequestsPerSecond(), rl.burstCapacity()))
                    : Optional.empty();
            byTenant.put(t.id(), new DeliveryPolicy(rate, workspace,
                    new CircuitBreaker.Config(cb.failureThreshold(), cb.recoveryTimeout()),
                    new Backoff.Config(t.retry().base(), t.retry().cap(), t.retry().maxAttempts(), t.retry().maxAge()),
                    t.fallback().map(target -> Pipeline.destination(config.server().slackApiUrl(), t, target)),
                    cb.fallbackAfter(),
                    t.stormDigest().enabled() ? t.stormDigest().threshold() : 0));
        }
        return tenant -> byTenant.getOrDefault(tenant, DeliveryPolicy.defaults());
    }

    /** The transport the engine uses: console or HTTP by destination, one attempt (the engine retries). */
    static SlackTransport transport(GatewayConfig config, Options options, StateStore store) {
        SlackTransport http = new HttpSlackTransport(options.httpClient(), config.server().slackTimeout(),
                TokenRotationWiring.tokens(config, options.httpClient(), options.clock(), store, options.env()));
        SlackTransport console = new ConsoleTransport(options.console());
        return (d, m) -> d instanceof Destination.Console ? console.send(d, m) : http.send(d, m);
    }

    /** The jar manifest's version ({@code Implementation-Version}); {@code dev} when run from classes. */
    static String version() {
        String v = Gateway.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Loads a config file with the process environment; {@code enc:} values use the key ring it names. */
    public static GatewayConfig loadConfig(Path file, Map<String, String> env) throws IOException, ConfigException {
        return new ConfigLoader(env, secretDecoder(env)).load(file);
    }

    /**
     * Decrypts {@code enc:} values with the key ring from {@code ALERTGATE_KEYS} or the systemd
     * credential {@code alertgate.keys}; without one, every {@code enc:} value is refused clearly.
     */
    static SecretDecoder secretDecoder(Map<String, String> env) {
        Optional<KeyRing> ring;
        try {
            ring = KeyRing.fromEnvironment(env, Optional.empty());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            String reason = e.getMessage();
            return v -> {
                throw new IllegalArgumentException("the key ring could not be loaded: " + reason);
            };
        }
        if (ring.isEmpty()) return SecretDecoder.NONE;
        EncryptedValues values = new EncryptedValues(ring);
        return v -> {
            try {
                return values.resolve(v);
            } catch (EncryptedValueException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        };
    }

    /** The built-in example config: one tenant {@code demo} delivering to the console. */
    public static GatewayConfig exampleConfig(Map<String, String> env) throws ConfigException {
        try (InputStream in = Gateway.class.getResourceAsStream(EXAMPLE_CONFIG)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new ConfigLoader(env, SecretDecoder.NONE).parse(text, null);
        } catch (IOException e) {
            throw new IllegalStateException("built-in example config is missing", e);
        }
    }

    /** A pipeline that only plans (for {@code render}): nothing is enqueued. */
    public static Pipeline dryRunPipeline(GatewayConfig config, Clock clock) throws TemplateException {
        return new Pipeline(config, clock, d -> false);
    }

    public int port() {
        return http.port();
    }

    /** The config being served: the one started with, or the last one a reload swapped in. */
    public GatewayConfig config() {
        return pipeline.get().config();
    }

    /** The process's one audit trail (one chain per file: every writer must share it). */
    AuditLog audit() {
        return audit;
    }

    /**
     * Serves {@code next} from now on: builds its pipeline (compiling templates) with the same
     * delivery engine and routing state (round-robin turns, mute counts), then swaps it in one
     * atomic step. Requests already inside the old pipeline finish with it; messages already queued
     * keep the destination and body they were planned with.
     *
     * @throws TemplateException when a template does not compile; nothing is swapped
     */
    public void swap(GatewayConfig next) throws TemplateException {
        Pipeline built = new Pipeline(next, options.clock(), engine, routing, escalations::onNotification, telemetry,
                NanoClock.system()::nanoTime, posted, new Dedup(idempotencyKeys, next.dedup().ttl()));
        policies.set(policies(next));
        pipeline.set(built);
    }

    /**
     * Turns on hot reload of {@code file}: {@code POST /-/reload} (behind {@code server.admin_token})
     * and, when {@code signal} is true, SIGHUP. Call once.
     */
    public ConfigReloader enableReload(Path file, Map<String, String> env, boolean signal) {
        ConfigReloader reloader = new ConfigReloader(this, file, env, options.clock());
        telemetry.metrics().configReloads(() -> reloader.lastReload().successful(),
                () -> reloader.lastReload().lastSuccess().map(t -> OptionalLong.of(t.getEpochSecond()))
                        .orElse(OptionalLong.empty()));
        http.enableReload(adminApi(config, engine), reloader);
        if (signal) reloader.installSignalHandler();
        return reloader;
    }

    /** A validation engine using the process's key ring from {@code env}. */
    public static Validator validator(Map<String, String> env, Clock clock,
            List<Validator.Sample> samples) {
        int keys;
        try {
            keys = KeyRing.fromEnvironment(env, Optional.empty()).map(KeyRing::size).orElse(0);
        } catch (RuntimeException e) {
            keys = 0;
        }
        return new Validator(env, secretDecoder(env), keys, clock, samples, System::nanoTime, ServeChecks.of(env));
    }

    /** The config the process started with: what the listener, transport and Redis were built from. */
    GatewayConfig startedWith() {
        return config;
    }

    /** Tenants with at least one destination in the delivery engine (whose delivery policy a reload keeps). */
    java.util.Set<String> tenantsInUse() {
        return engine.destinations().stream().map(io.alertgate.delivery.DestinationStatus::tenant)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The delivery engine (dead letters, breaker states). */
    public DeliveryEngine engine() {
        return engine;
    }

    public Pipeline pipeline() {
        return pipeline.get();
    }

    /** Round-robin counters, destination load and the muted-notification counter, shared by every reload. */
    public RoutingServices routing() {
        return routing;
    }

    /** Notifications muted by rules' time intervals, per tenant and rule (for the metrics issue). */
    public MuteCounter mutedNotifications() {
        return muted;
    }

    /**
     * Re-reads the listener's certificate, key and client CA from the paths it started with
     * (a reload does this before swapping); new connections use them.
     *
     * @throws TlsException when a file is bad; the old material stays in use
     */
    public void reloadTls() {
        tls.ifPresent(ServerTls::reload);
    }

    /** The escalation scheduler (listing, acknowledging, polling in tests). */
    public Escalations escalations() {
        return escalations;
    }

    /**
     * Stops accepting webhooks, drains the outbox within {@code server.drain_timeout_ms}, then
     * closes the listener. The listener stays up while the engine drains, so Alertmanager gets 503
     * with {@code Retry-After} (and {@code /readyz} 503) rather than a refused connection, and
     * retries against another replica or after the restart.
     */
    @Override
    public void close() {
        if (!draining.compareAndSet(false, true)) return;
        escalations.close();
        outboxRecovery.ifPresent(Thread::interrupt);
        engine.close();
        http.stop(Duration.ofSeconds(1));
        store.close();
        LOG.log(System.Logger.Level.INFO, "alertgate stopped");
    }
}
