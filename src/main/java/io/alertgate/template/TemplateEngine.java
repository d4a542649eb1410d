package io.alertgate.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a configuration's named Mustache templates once and renders a {@link NotificationView}
 * into the mrkdwn body of a Slack message.
 *
 * <p>Design note. Every {@code {{value}}} passes through {@link Mrkdwn#escape} exactly once (the
 * compiler's escaper); {@code {{{value}}}} is the template author's explicit opt-out. Rendering
 * never throws: an unknown name or a failure at render time (a missing variable in strict mode, an
 * exception in a filter) falls back to the built-in layout, because a plain alert in Slack beats
 * an alert lost to a template typo. The context holds only Maps, Lists, Strings, numbers and the
 * filter lambdas, read by a collector that never reflects (GraalVM native image).
 */
public final class TemplateEngine {
    /** The name under which the built-in layout is reachable unless a user template takes it. */
    public static final String DEFAULT_TEMPLATE_NAME = "default";

    /** Class-path resource of the built-in layout. */
    static final String DEFAULT_LAYOUT_RESOURCE = "default.mustache";

    /** Longest failure reason kept in {@link Rendered#failure()}: it goes to logs and metric labels. */
    static final int MAX_FAILURE_LENGTH = 200;

    /** jmustache appends the line to a parse error's message this way. */
    private static final Pattern PARSE_LINE = Pattern.compile("@ line (\\d+)");

    private static final String DEFAULT_LAYOUT_SOURCE = loadDefaultLayout();

    private final Map<String, Template> templates;
    private final Template defaultLayout;
    private final Map<String, Object> userFilters;
    private final Map<String, Object> defaultFilters;
    private final Clock clock;

    private TemplateEngine(
            Map<String, Template> templates,
            Template defaultLayout,
            Map<String, Object> userFilters,
            Map<String, Object> defaultFilters,
            Clock clock) {
        this.templates = templates;
        this.defaultLayout = defaultLayout;
        this.userFilters = userFilters;
        this.defaultFilters = defaultFilters;
        this.clock = clock;
    }

    /** Compiles {@code namedTemplates} with missing variables rendering as "". */
    public static TemplateEngine compile(Map<String, String> namedTemplates, Clock clock) throws TemplateException {
        return compile(namedTemplates, clock, false);
    }

    /**
     * Compiles {@code namedTemplates} (name → Mustache source).
     *
     * @param strictVariables when true a {@code {{variable}}} missing from the context fails the
     *     render (and so falls back to the default layout) instead of rendering as ""; sections on
     *     missing names stay allowed, as that is how templates test for optional values
     * @throws TemplateException naming the first template that does not compile, with its line
     */
    public static TemplateEngine compile(Map<String, String> namedTemplates, Clock clock, boolean strictVariables)
            throws TemplateException {
        Mustache.Compiler lenient = compiler(false);
        Mustache.Compiler user = compiler(strictVariables);
        Map<String, Template> compiled = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : namedTemplates.entrySet()) {
            String name = e.getKey();
            String source = e.getValue() == null ? "" : e.getValue();
            try {
                compiled.put(name, user.compile(source));
            } catch (MustacheException ex) {
                throw new TemplateException(name, lineOf(ex), reasonOf(ex), ex);
            }
        }
        Map<String, Object> userFilters = new Filters(new MapsAreTruthy(user.escapeHTML(false))).asMap();
        Map<String, Object> defaultFilters =
                strictVariables ? new Filters(new MapsAreTruthy(lenient.escapeHTML(false))).asMap() : userFilters;
        return new TemplateEngine(
                Map.copyOf(compiled), lenient.compile(DEFAULT_LAYOUT_SOURCE), userFilters, defaultFilters, clock);
    }

    /** An engine with only the built-in layout. */
    public static TemplateEngine defaults(Clock clock) {
        try {
            return compile(Map.of(), clock, false);
        } catch (TemplateException e) {
            throw new IllegalStateException("no templates cannot fail to compile", e);
        }
    }

    /** The configured template names (the built-in layout not included). */
    public Set<String> names() {
        return templates.keySet();
    }

    /**
     * Renders {@code templateName} for {@code view}. Never throws. A null or empty name, or
     * {@link #DEFAULT_TEMPLATE_NAME} when no user template has that name, selects the built-in
     * layout (not a fall-back). An unknown name or a render failure yields the built-in layout with
     * {@code fellBack=true} and a short reason.
     */
    public Rendered render(String templateName, NotificationView view) {
        Template t = templateName == null || templateName.isEmpty() ? null : templates.get(templateName);
        if (t == null) {
            boolean builtIn = templateName == null
                    || templateName.isEmpty()
                    || DEFAULT_TEMPLATE_NAME.equals(templateName);
            String why = builtIn ? "" : "unknown template " + templateName;
            return renderDefault(view, !builtIn, why);
        }
        try {
            return new Rendered(t.execute(context(view, userFilters)), false, "");
        } catch (RuntimeException e) {
            return renderDefault(view, true, "template " + templateName + ": " + reasonOf(e));
        }
    }

    private Rendered renderDefault(NotificationView view, boolean fellBack, String failure) {
        try {
            return new Rendered(defaultLayout.execute(context(view, defaultFilters)), fellBack, failure);
        } catch (RuntimeException e) {
            // Last resort, e.g. a null view: still a readable line rather than an exception in delivery.
            String summary = view == null || view.alert() == null ? "" : view.alert().summary();
            String reason = (failure.isEmpty() ? "" : failure + "; ") + "default layout: " + reasonOf(e);
            return new Rendered(Mrkdwn.escape(summary), true, shorten(reason));
        }
    }

    private Map<String, Object> context(NotificationView view, Map<String, Object> filters) {
        Map<String, Object> c = ViewModels.toContext(view); // a fresh map: added to, not copied
        c.putAll(filters);
        // "fn" reaches a filter whose name an alert field shadows inside {{#alert}}, e.g. duration.
        c.put("fn", filters);
        c.put("now", ViewModels.rfc3339(clock.instant()));
        return c;
    }

    private static Mustache.Compiler compiler(boolean strictVariables) {
        Mustache.Compiler c = Mustache.compiler()
                .withEscaper(Mrkdwn::escape)
                .withCollector(new MapsOnlyCollector())
                // "" and 0 are false so {{#alert.runbook_url}} and {{#firing_count}} skip when empty.
                .emptyStringIsFalse(true)
                .zeroIsFalse(true)
                .strictSections(false);
        return new MapsAreTruthy(strictVariables ? c : c.defaultValue(""));
    }

    private static int lineOf(MustacheException e) {
        if (e instanceof MustacheException.Context ctx) return ctx.lineNo;
        Matcher m = PARSE_LINE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof MustacheException.Context ctx && ctx.getCause() == null) {
            return "missing variable '" + ctx.key + "' on line " + ctx.lineNo;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return shorten(root == e && msg != null ? msg : root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }

    private static String shorten(String s) {
        return s.length() <= MAX_FAILURE_LENGTH ? s : s.substring(0, MAX_FAILURE_LENGTH - 1) + "…";
    }

    private static String loadDefaultLayout() {
        try (InputStream in = TemplateEngine.class.getResourceAsStream(DEFAULT_LAYOUT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_LAYOUT_RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A compiler that answers "is this section value false?" for a Map without formatting it.
     * jmustache's {@code emptyStringIsFalse} test formats the value and compares it with "": for
     * {@code {{#alert}}} that is the whole alert context's {@code toString()} (labels, annotations,
     * URLs), ~2 KB of garbage per section per render. A Map formats as "{…}", never "", and is not a
     * Number, so it is never false here; every other value gets jmustache's own test. Build it last:
     * jmustache's {@code withX()} methods return a plain compiler.
     */
    static final class MapsAreTruthy extends Mustache.Compiler {
        MapsAreTruthy(Mustache.Compiler c) {
            super(c.standardsMode, c.strictSections, c.nullValue, c.missingIsNull, c.emptyStringIsFalse,
                    c.zeroIsFalse, c.formatter, c.escaper, c.loader, c.collector, c.delims);
        }

        @Override
        public boolean isFalsey(Object value) {
            return !(value instanceof Map<?, ?>) && super.isFalsey(value);
        }
    }

    /**
     * jmustache's basic collector (Maps, Lists, iterators, arrays) without the reflective fallback
     * of its default collector: a name missing from a Map walks up the context, as it should.
     */
    private static final class MapsOnlyCollector extends BasicCollector {
        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }
    }
}
