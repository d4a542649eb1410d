package io.alertgate.pipeline;

import io.alertgate.alert.AlertGroup;
import io.alertgate.alert.Status;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.MessageMode;
import io.alertgate.config.Target;
import io.alertgate.config.TenantConfig;
import io.alertgate.delivery.Delivery;
import io.alertgate.delivery.Outbox;
import io.alertgate.ingest.IngestException;
import io.alertgate.ingest.IngestLimits;
import io.alertgate.ingest.WebhookParser;
import io.alertgate.route.RouteDecision;
import io.alertgate.route.Router;
import io.alertgate.route.RoutingServices;
import io.alertgate.slack.BlockKitFormatter;
import io.alertgate.slack.Destination;
import io.alertgate.slack.EscalationMessages;
import io.alertgate.slack.LifecycleMessages;
import io.alertgate.slack.SlackMessage;
import io.alertgate.store.MessageRef;
import io.alertgate.template.NotificationView;
import io.alertgate.template.Rendered;
import io.alertgate.template.TemplateEngine;
import io.alertgate.template.TemplateException;
import io.alertgate.template.ViewModels;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The one path from a webhook body to queued Slack messages: parse → dedup → route → render → format →
 * enqueue. Used by the HTTP handler ({@link #accept}), the {@code render} dry run ({@link #plan})
 * and the benchmarks. Immutable after construction — a config reload builds a new Pipeline — and
 * safe for any number of request threads.
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger("io.alertgate.pipeline");

    private final GatewayConfig config;
    private final WebhookParser parser;
    private final Map<String, TenantRuntime> tenants;
    private final BlockKitFormatter formatter = new BlockKitFormatter();
    private final Clock clock;
    private final Outbox outbox;
    private final PipelineObserver observer;
    /** Monotonic nanoseconds for stage timings (injected: tests and the dry run pass their own). */
    private final LongSupplier nanos;
    private final EscalationHook escalations;
    private final PostedMessages posted;
    private final Dedup dedup;

    /** Per-tenant parts built once per config load. */
    private record TenantRuntime(TenantConfig config, Router router, TemplateEngine templates) {}

    /**
     * Builds the pipeline for {@code config}, compiling every tenant's templates once.
     *
     * @param outbox where {@link #accept} enqueues; a dry run passes one that refuses everything
     * @throws TemplateException when a template does not compile (names the tenant and template)
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox) throws TemplateException {
        this(config, clock, outbox, RoutingServices.standalone(clock));
    }

    /**
     * As {@link #Pipeline(GatewayConfig, Clock, Outbox)}, with the routing state the app keeps
     * across reloads (round-robin counters, destination load, mute counter).
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox, RoutingServices routing) throws TemplateException {
        this(config, clock, outbox, routing, EscalationHook.NONE);
    }

    /**
     * As above, and {@link #accept} tells {@code escalations} of each group; an escalating group's
     * messages get an Acknowledge button when the tenant has {@code app_config.signing_secret}.
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox, RoutingServices routing,
            EscalationHook escalations) throws TemplateException {
        this(config, clock, outbox, routing, escalations, PipelineObserver.NONE, () -> 0L);
    }

    /**
     * As above, telling {@code observer} each stage's duration (read from {@code nanos}, a
     * monotonic nanosecond clock) and each accepted notification.
     *
     * @throws TemplateException when a template does not compile (names the tenant and template)
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox, RoutingServices routing,
            EscalationHook escalations, PipelineObserver observer, LongSupplier nanos) throws TemplateException {
        this(config, clock, outbox, routing, escalations, observer, nanos, PostedMessages.NONE);
    }

    /**
     * As above; a resolved group whose earlier message to a Web API destination is in
     * {@code posted} edits that message ({@code chat.update}) and replies in its thread instead of
     * posting a new message. Webhook destinations, which cannot edit, still post.
     *
     * @throws TemplateException when a template does not compile (names the tenant and template)
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox, RoutingServices routing,
            EscalationHook escalations, PipelineObserver observer, LongSupplier nanos, PostedMessages posted)
            throws TemplateException {
        this(config, clock, outbox, routing, escalations, observer, nanos, posted, Dedup.OFF);
    }

    /**
     * As above; {@link #accept} drops a notification whose idempotency key {@code dedup} already
     * holds (answering as if accepted, so Alertmanager does not retry it).
     *
     * @throws TemplateException when a template does not compile (names the tenant and template)
     */
    public Pipeline(GatewayConfig config, Clock clock, Outbox outbox, RoutingServices routing,
            EscalationHook escalations, PipelineObserver observer, LongSupplier nanos, PostedMessages posted,
            Dedup dedup) throws TemplateException {
        this.dedup = java.util.Objects.requireNonNull(dedup, "dedup");
        this.posted = posted;
        this.escalations = escalations;
        this.observer = observer;
        this.nanos = nanos;
        this.config = config;
        this.outbox = outbox;
        this.clock = clock;
        var s = config.server();
        this.parser = new WebhookParser(new IngestLimits(s.maxBodyBytes(), s.maxNestingDepth(), s.maxAlerts()));
        Map<String, TenantRuntime> built = new LinkedHashMap<>();
        for (TenantConfig t : config.tenants().values()) {
            TemplateEngine engine;
            try {
                engine = TemplateEngine.compile(t.templates(), clock);
            } catch (TemplateException e) {
                throw e.inTenant(t.id(), config.server().environment());
            }
            built.put(t.id(), new TenantRuntime(t, new Router(t, routing), engine));
        }
        this.tenants = Map.copyOf(built);
    }

    public GatewayConfig config() {
        return config;
    }

    /** The parser with this config's limits, for callers that read the body themselves (HTTP 413). */
    public WebhookParser parser() {
        return parser;
    }

    /** True when {@code tenant} is configured. */
    public boolean hasTenant(String tenant) {
        return tenants.containsKey(tenant);
    }

    /**
     * Parses, routes, renders and enqueues one webhook body.
     *
     * @return what was enqueued, one entry per destination; empty for a duplicate (see {@link Dedup})
     * @throws UnknownTenantException for an unconfigured tenant (HTTP 404)
     * @throws IngestException for a bad body (HTTP 4xx with the field path)
     * @throws RejectedException when the outbox refused a delivery (HTTP 503: Alertmanager retries)
     */
    public List<Planned> accept(String tenant, InputStream body, String correlationId)
            throws UnknownTenantException, IngestException, RejectedException {
        TenantRuntime rt = runtime(tenant);
        long start = nanos.getAsLong();
        AlertGroup group = parser.parse(body);
        observe(new PipelineObserver.StageTimed(PipelineObserver.Stage.PARSE, nanos.getAsLong() - start));
        Dedup.Claim claim = dedup.claim(rt.config().id(), group);
        if (claim.duplicate()) {
            LOG.log(System.Logger.Level.DEBUG, "tenant {0}: duplicate notification dropped (group {1}, status {2}, key {3})",
                    rt.config().id(), group.groupKey(), group.status().wireName(), claim.key());
            observe(new PipelineObserver.Deduplicated(rt.config().id(), group.groupKey(), correlationId));
            return List.of();
        }
        try {
            return accept(rt, group, correlationId);
        } catch (RejectedException | RuntimeException e) {
            dedup.release(rt.config().id(), claim);
            throw e;
        }
    }

    private List<Planned> accept(TenantRuntime rt, AlertGroup group, String correlationId) throws RejectedException {
        List<Planned> planned = plan(rt, group);
        Optional<String> escalation = escalations.onAccepted(rt.config().id(), group);
        if (escalation.isPresent() && rt.config().signingSecret().isPresent()) {
            planned = planned.stream().map(p -> new Planned(p.destination(),
                    EscalationMessages.withAckButton(p.message(), escalation.get(), silenceButtons(rt.config(), group)),
                    p.priority(), p.reason(),
                    p.template(), p.templateFailure())).toList();
        }
        if (group.status() == Status.RESOLVED) planned = followups(rt.config(), group, planned);
        planned = enqueue(rt, group, planned, correlationId);
        observe(new PipelineObserver.Accepted(rt.config().id(), group.groupKey(), group.status().wireName(),
                group.alerts().stream().map(a -> a.status().wireName()).toList(),
                group.alerts().stream().map(a -> a.fingerprint()).toList(), planned, correlationId));
        return planned;
    }

    /**
     * Whether the message offers Silence buttons: the tenant has an {@code alertmanager}, and the group
     * has labels to silence ({@link AlertGroup#silenceLabels}: what the escalation keeps and a press
     * silences; none would silence everything).
     */
    static boolean silenceButtons(TenantConfig tenant, AlertGroup group) {
        return tenant.alertmanager().isPresent() && !group.silenceLabels().asMap().isEmpty();
    }

    /** The dry run: what {@link #accept} would send, without sending. */
    public List<Planned> plan(String tenant, AlertGroup group) throws UnknownTenantException {
        return plan(runtime(tenant), group);
    }

    /** Enqueues already planned messages (used by {@link #accept}; public for benchmarks). */
    public List<Planned> enqueue(String tenant, AlertGroup group, List<Planned> planned, String correlationId)
            throws UnknownTenantException, RejectedException {
        return enqueue(runtime(tenant), group, planned, correlationId);
    }

    private List<Planned> enqueue(TenantRuntime rt, AlertGroup group, List<Planned> planned, String correlationId)
            throws RejectedException {
        for (Planned p : planned) {
            boolean ok = outbox.enqueue(new Delivery(rt.config().id(), group.groupKey(), p.destination(),
                    p.message().withCorrelationId(correlationId),
                    p.priority(), correlationId, group.routingLabels().valueOrEmpty("alertname")));
            if (!ok) throw new RejectedException("outbox refused the message for " + p.destination().name());
        }
        return planned;
    }

    /**
     * Each Web API message of a resolved group whose earlier post is known becomes, per its rule's
     * {@code message_mode}: the edit of that post and a short reply in its thread
     * ({@code update+thread}, the default), only one of them ({@code update}, {@code thread}), or a
     * new message ({@code new}). Others (webhooks, unknown posts) stay as planned.
     */
    private List<Planned> followups(TenantConfig t, AlertGroup group, List<Planned> planned) {
        String tenant = t.id();
        List<Planned> out = new ArrayList<>(planned.size() + 1);
        String alertname = group.routingLabels().valueOrEmpty("alertname");
        for (Planned p : planned) {
            Optional<MessageRef> ref = p.destination() instanceof Destination.Channel c
                    ? posted.find(tenant, group.groupKey(), c.name()) : Optional.empty();
            MessageMode mode = MessageMode.forReason(t, p.reason());
            if (ref.isEmpty() || mode == MessageMode.NEW) {
                out.add(p);
                continue;
            }
            Destination.Channel c = (Destination.Channel) p.destination();
            MessageRef r = ref.get();
            if (mode.edits()) out.add(new Planned(new Destination.Followup(c.name(), r.channel(), r.ts(), c.botToken(), c.apiBase(),
                    Destination.Followup.Action.UPDATE), LifecycleMessages.resolvedParent(p.message()), p.priority(),
                    p.reason(), p.template(), p.templateFailure()));
            if (mode.replies()) out.add(new Planned(new Destination.Followup(c.name(), r.channel(), r.ts(), c.botToken(), c.apiBase(),
                    Destination.Followup.Action.REPLY), LifecycleMessages.resolvedReply(alertname,
                    group.resolved().size(), ""), p.priority(), p.reason(), p.template(), ""));
        }
        return out;
    }

    /** A failing observer must not fail the notification (it has been accepted or is being planned). */
    private void observe(PipelineObserver.PipelineEvent event) {
        try {
            observer.on(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pipeline observer failed", e);
        }
    }

    private TenantRuntime runtime(String tenant) throws UnknownTenantException {
        TenantRuntime rt = tenants.get(tenant);
        if (rt == null) throw new UnknownTenantException(tenant);
        return rt;
    }

    private List<Planned> plan(TenantRuntime rt, AlertGroup group) {
        TenantConfig t = rt.config();
        NotificationView view = ViewModels.build(group, t.id(), config.server().environment(), t.locale(), clock);
        Map<String, Rendered> renderedByTemplate = new LinkedHashMap<>();
        List<Planned> out = new ArrayList<>();
        long start = nanos.getAsLong();
        List<RouteDecision> decisions = rt.router().route(group);
        observe(new PipelineObserver.StageTimed(PipelineObserver.Stage.ROUTE, nanos.getAsLong() - start));
        for (RouteDecision d : decisions) {
            String templateName = d.template().or(t::defaultTemplate).orElse(TemplateEngine.DEFAULT_TEMPLATE_NAME);
            Rendered r = renderedByTemplate.computeIfAbsent(templateName, n -> {
                long renderStart = nanos.getAsLong();
                Rendered rendered = rt.templates().render(n, view);
                observe(new PipelineObserver.StageTimed(PipelineObserver.Stage.RENDER,
                        nanos.getAsLong() - renderStart));
                return rendered;
            });
            if (r.fellBack()) {
                LOG.log(System.Logger.Level.WARNING, "template {0} of tenant {1} fell back to the default layout: {2}",
                        templateName, t.id(), r.failure());
            }
            long formatStart = nanos.getAsLong();
            SlackMessage message = formatter.format(view, r.text(), t.mentionOnCritical());
            observe(new PipelineObserver.StageTimed(PipelineObserver.Stage.FORMAT, nanos.getAsLong() - formatStart));
            out.add(new Planned(destination(t, d.target()), message, d.priority(), d.reason(), templateName,
                    r.fellBack() ? r.failure() : ""));
        }
        return out;
    }

    private Destination destination(TenantConfig t, Target target) {
        return destination(config.server().slackApiUrl(), t, target);
    }

    /** Where {@code target} of tenant {@code t} sends; also used to resolve the tenant's fallback. */
    public static Destination destination(URI api, TenantConfig t, Target target) {
        return switch (target) {
            case Target.Webhook w -> new Destination.Webhook(w.spec(), t.webhooks().get(w.webhookName()));
            case Target.Channel c -> new Destination.Channel(c.spec(), c.channel(), t.botToken().orElseThrow(), api);
            case Target.User u -> new Destination.Channel(u.spec(), u.userId(), t.botToken().orElseThrow(), api);
            case Target.Console c -> new Destination.Console(destinationName(t.id(), c));
        };
    }

    /** The name the delivery engine knows {@code target} of {@code tenant} by (its lanes, breaker, backlog). */
    public static String destinationName(String tenant, Target target) {
        return target instanceof Target.Console ? tenant + ":console" : target.spec();
    }

    /** The router of {@code tenant}, for the {@code route} command's explanation. */
    public Router router(String tenant) throws UnknownTenantException {
        return runtime(tenant).router();
    }

    /** The tenant's config, for the CLI. */
    public Optional<TenantConfig> tenantConfig(String tenant) {
        return Optional.ofNullable(tenants.get(tenant)).map(TenantRuntime::config);
    }
}
