package io.alertgate.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template filters ({@code upper}, {@code lower}, {@code truncate}, {@code slack_date},
 * {@code duration}, {@code link}) as jmustache lambdas.
 *
 * <p>Design note — escaping exactly once. A lambda's {@code Fragment.execute()} returns text the
 * escaper has already escaped, so transforming it would corrupt entities ({@code &amp;} upper-cased
 * to {@code &AMP;}) or escape them a second time ({@code link}). Each filter therefore takes the
 * fragment's <em>source</em> ({@code decompile()}), compiles it once with a non-escaping compiler
 * (cached by source text), runs it in the fragment's own context stack ({@code executeTemplate}),
 * transforms the raw text, and escapes the result itself. A filter's output is therefore always
 * escaped once, also for {@code {{{triple}}}} values inside it. Filters do not nest: an outer
 * filter sees an inner filter's mrkdwn output as text.
 */
final class Filters {
    /** Length used by {@code {{#truncate}}…{{/truncate}}} when the body does not start with {@code N|}. */
    static final int DEFAULT_TRUNCATE_LENGTH = 100;

    /** Marks a cut; one character so that {@code truncate 80} yields at most 80 characters. */
    static final String ELLIPSIS = "…";

    /** Slack's date token format: the reader's own short date and time. */
    static final String SLACK_DATE_FORMAT = "{date_short_pretty} {time}";

    private static final Pattern TRUNCATE_ARGUMENT = Pattern.compile("\\A\\s*(\\d{1,6})\\s*\\|(.*)\\z", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final Mustache.Compiler raw;
    private final Map<String, Template> rawBySource = new ConcurrentHashMap<>();
    private final Map<String, Object> lambdas;

    /** @param raw a compiler with the engine's settings but no escaping */
    Filters(Mustache.Compiler raw) {
        this.raw = raw;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("upper", text(s -> s.toUpperCase(Locale.ROOT)));
        m.put("lower", text(s -> s.toLowerCase(Locale.ROOT)));
        m.put("truncate", (Mustache.Lambda) this::truncate);
        m.put("slack_date", text(Filters::slackDate, false));
        m.put("duration", text(Filters::duration));
        m.put("link", (Mustache.Lambda) this::link);
        this.lambdas = Map.copyOf(m);
    }

    /** The lambdas by filter name, to put in a render context. */
    Map<String, Object> asMap() {
        return lambdas;
    }

    /** A filter that maps the raw body text and escapes the result. */
    private Mustache.Lambda text(UnaryOperator<String> f) {
        return text(f, true);
    }

    /** As {@link #text(UnaryOperator)}; {@code escape=false} when {@code f} escapes its own output. */
    private Mustache.Lambda text(UnaryOperator<String> f, boolean escape) {
        return (frag, out) -> {
            String result = f.apply(renderRaw(frag, frag.decompile()));
            out.write(escape ? Mrkdwn.escape(result) : result);
        };
    }

    /** Renders {@code source} unescaped in the fragment's context. */
    private String renderRaw(Template.Fragment frag, String source) {
        if (source.isEmpty()) return "";
        Template t = rawBySource.computeIfAbsent(source, raw::compile);
        StringWriter w = new StringWriter();
        frag.executeTemplate(t, w);
        return w.toString();
    }

    /** {@code {{#truncate}}80|{{alert.summary}}{{/truncate}}}: the length is read from the template source, never from data. */
    private void truncate(Template.Fragment frag, Writer out) throws IOException {
        String source = frag.decompile();
        int max = DEFAULT_TRUNCATE_LENGTH;
        Matcher m = TRUNCATE_ARGUMENT.matcher(source);
        if (m.matches()) {
            max = Integer.parseInt(m.group(1));
            source = m.group(2);
        }
        out.write(Mrkdwn.escape(truncate(renderRaw(frag, source), max)));
    }

    /** At most {@code max} code points, the last being {@link #ELLIPSIS} when text was cut. */
    static String truncate(String s, int max) {
        int count = s.codePointCount(0, s.length());
        if (count <= max) return s;
        if (max <= 0) return "";
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }

    /**
     * {@code {{#link}}{{alert.runbook_url}}|Runbook{{/link}}} → {@code <url|Runbook>}. The split is at
     * the first {@code |} of the template source outside a tag, so a {@code |} inside a value never
     * moves it. Without {@code |} the URL is its own text.
     */
    private void link(Template.Fragment frag, Writer out) throws IOException {
        String source = frag.decompile();
        int bar = barOutsideTags(source);
        String url = renderRaw(frag, bar < 0 ? source : source.substring(0, bar)).strip();
        String text = bar < 0 ? "" : renderRaw(frag, source.substring(bar + 1)).strip();
        out.write(link(url, text));
    }

    /** Slack link {@code <url|text>} for an absolute http(s) URL, else the escaped text (or URL). */
    static String link(String url, String text) {
        String label = text.isEmpty() ? url : text;
        if (!ViewModels.isHttpUrl(url) || url.chars().anyMatch(Character::isWhitespace)) return Mrkdwn.escape(label);
        // '|' would end the URL part and '>' the whole token early; Slack reads them percent-encoded.
        String safeUrl = Mrkdwn.escape(url.replace("|", "%7C"));
        return "<" + safeUrl + "|" + Mrkdwn.escape(label) + ">";
    }

    private static int barOutsideTags(String source) {
        int depth = 0;
        for (int i = 0; i < source.length(); i++) {
            if (source.startsWith("{{", i)) {
                depth++;
                i++;
            } else if (source.startsWith("}}", i) && depth > 0) {
                depth--;
                i++;
            } else if (depth == 0 && source.charAt(i) == '|') {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code <!date^UNIX^{date_short_pretty} {time}|2025-03-13T23:38:22Z>} from RFC 3339 or Unix
     * seconds, so every reader sees their own time zone; the fallback (shown by clients that cannot
     * format dates) is UTC. Text that is not a time is returned escaped, unchanged.
     */
    static String slackDate(String rawText) {
        String s = rawText.strip();
        if (s.isEmpty()) return "";
        Instant t = parseInstant(s);
        if (t == null) return Mrkdwn.escape(rawText);
        t = t.truncatedTo(ChronoUnit.SECONDS);
        return "<!date^" + t.getEpochSecond() + "^" + SLACK_DATE_FORMAT + "|" + ViewModels.rfc3339(t) + ">";
    }

    private static Instant parseInstant(String s) {
        if (NUMBER.matcher(s).matches()) {
            try {
                return Instant.ofEpochSecond(new BigDecimal(s).longValue());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Human duration of seconds ({@code 3900} → {@code 1h 5m}) or an ISO duration ({@code PT1H5M}); other text unchanged. */
    static String duration(String rawText) {
        String s = rawText.strip();
        if (s.isEmpty()) return "";
        try {
            if (NUMBER.matcher(s).matches()) {
                return ViewModels.humanDuration(Duration.ofSeconds(new BigDecimal(s).longValue()));
            }
            return ViewModels.humanDuration(Duration.parse(s.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException | ArithmeticException e) {
            return rawText;
        }
    }
}
