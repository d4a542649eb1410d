package io.alertgate.template;

import static io.alertgate.template.TestPayloads.*;
import static org.junit.jupiter.api.Assertions.*;

import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    /** The seed's {@code alert_template}, translated from Jinja2 to Mustache. */
    static final String SEED_ALERT_TEMPLATE = """
            🚨 *{{alert.summary}}*

            *Gravité :* {{#upper}}{{alert.severity}}{{/upper}}
            *Service :* {{alert.service}}
            *Environnement :* {{alert.environment}}

            *Description :*
            {{alert.description}}

            *Heure :* {{#slack_date}}{{alert.startsAt}}{{/slack_date}}
            *Runbook :* {{#link}}{{alert.runbook_url}}|Voir Runbook{{/link}}
            """;

    static final String MENTION = "<!channel> & <http://evil|x>";
    static final String MENTION_ESCAPED = "&lt;!channel&gt; &amp; &lt;http://evil|x&gt;";

    private static NotificationView cpuView(String locale) {
        return view(group(Status.FIRING, "http://am.example.com", cpuFiring()), locale);
    }

    private static NotificationView mentionView() {
        var a = alert(Status.FIRING, Labels.of("alertname", "X", "team", MENTION, "service", MENTION),
                Labels.of("summary", MENTION, "runbook_url", "https://rb.example.com/?a=1&b=<2>"),
                "2025-03-13T23:00:00Z", ZERO_TIME);
        return view(group(Status.FIRING, "http://am.example.com", a), "en");
    }

    private static Rendered render(String template, NotificationView v) throws TemplateException {
        return TemplateEngine.compile(Map.of("t", template), CLOCK).render("t", v);
    }

    private static String text(String template, NotificationView v) throws TemplateException {
        Rendered r = render(template, v);
        assertFalse(r.fellBack(), r.failure());
        return r.text();
    }

    @Test
    void render_seedAlertTemplate_rendersFrenchBody() throws Exception {
        TemplateEngine engine = TemplateEngine.compile(Map.of("alert_template", SEED_ALERT_TEMPLATE), CLOCK);
        Rendered r = engine.render("alert_template", cpuView("fr"));
        assertFalse(r.fellBack(), r.failure());
        assertEquals("""
                🚨 *Utilisation CPU élevée*

                *Gravité :* CRITICAL
                *Service :* api-gateway
                *Environnement :* production

                *Description :*
                CPU &gt; 90% depuis 10 minutes

                *Heure :* <!date^1741906500^{date_short_pretty} {time}|2025-03-13T22:55:00Z>
                *Runbook :* <https://runbooks.example.com/cpu?a=1&amp;b=2|Voir Runbook>
                """, r.text());
    }

    @Test
    void render_labelWithMention_escapedOnce() throws Exception {
        assertEquals(MENTION_ESCAPED, text("{{alert.labels.team}}", mentionView()));
        assertEquals(MENTION_ESCAPED, text("{{#alert}}{{service}}{{/alert}}", mentionView()));
        assertEquals(MENTION_ESCAPED, text("{{#firing}}{{summary}}{{/firing}}", mentionView()));
    }

    @Test
    void render_tripleMustache_isExplicitOptOut() throws Exception {
        assertEquals(MENTION, text("{{{alert.summary}}}", mentionView()));
    }

    @Test
    void upper_escapedValue_escapedOnceNotUppercasedEntity() throws Exception {
        String out = text("{{#upper}}{{alert.summary}}{{/upper}}", mentionView());
        assertEquals("&lt;!CHANNEL&gt; &amp; &lt;HTTP://EVIL|X&gt;", out);
        assertFalse(out.contains("&AMP;"));
    }

    @Test
    void lower_mixedCase_loweredAndEscapedOnce() throws Exception {
        assertEquals("&lt;!channel&gt; &amp; &lt;http://evil|x&gt; critical",
                text("{{#lower}}{{alert.summary}} CRITICAL{{/lower}}", mentionView()));
    }

    @Test
    void filter_tripleInsideFilter_stillEscapedOnce() throws Exception {
        assertEquals(MENTION_ESCAPED, text("{{#lower}}{{{alert.summary}}}{{/lower}}", mentionView()));
    }

    @Test
    void truncate_withLength_cutsRawTextThenEscapes() throws Exception {
        // 6 raw characters "<!cha" + "…": cutting the escaped text could split "&lt;".
        assertEquals("&lt;!cha…", text("{{#truncate}}6|{{alert.summary}}{{/truncate}}", mentionView()));
        assertEquals("Utilisation CPU élevée", text("{{#truncate}}80|{{alert.summary}}{{/truncate}}", cpuView("en")));
    }

    @Test
    void truncate_withoutLength_usesDefault() throws Exception {
        String longText = "x".repeat(Filters.DEFAULT_TRUNCATE_LENGTH + 50);
        var a = alert(Status.FIRING, Labels.of("alertname", "X"), Labels.of("summary", longText), "2025-03-13T23:00:00Z", ZERO_TIME);
        String out = text("{{#truncate}}{{alert.summary}}{{/truncate}}", view(group(Status.FIRING, "", a), "en"));
        assertEquals(Filters.DEFAULT_TRUNCATE_LENGTH, out.codePointCount(0, out.length()));
        assertTrue(out.endsWith(Filters.ELLIPSIS));
    }

    @Test
    void truncate_valueStartingWithDigitsAndBar_notReadAsLength() throws Exception {
        var a = alert(Status.FIRING, Labels.of("alertname", "X"), Labels.of("summary", "3|abcdef"), "2025-03-13T23:00:00Z", ZERO_TIME);
        assertEquals("3|abcdef", text("{{#truncate}}{{alert.summary}}{{/truncate}}", view(group(Status.FIRING, "", a), "en")));
    }

    @Test
    void truncate_surrogatePairs_neverSplit() {
        assertEquals("🚨🚨…", Filters.truncate("🚨🚨🚨🚨", 3));
        assertEquals("🚨🚨", Filters.truncate("🚨🚨", 2));
    }

    @Test
    void slackDate_rfc3339AndUnix_slackDateTokenWithUtcFallback() throws Exception {
        String expected = "<!date^1741906500^{date_short_pretty} {time}|2025-03-13T22:55:00Z>";
        assertEquals(expected, text("{{#slack_date}}{{alert.startsAt}}{{/slack_date}}", cpuView("en")));
        assertEquals(expected, text("{{#slack_date}}1741906500{{/slack_date}}", cpuView("en")));
        assertEquals(expected, Filters.slackDate("2025-03-13T23:55:00.123+01:00"));
    }

    @Test
    void slackDate_notATime_escapedPlainText() throws Exception {
        assertEquals(MENTION_ESCAPED, text("{{#slack_date}}{{alert.summary}}{{/slack_date}}", mentionView()));
        assertEquals("", text("{{#slack_date}}{{alert.endsAt}}{{/slack_date}}", cpuView("en")));
    }

    @Test
    void duration_secondsAndIso_human() throws Exception {
        assertEquals("1h 5m", text("{{#duration}}3900{{/duration}}", cpuView("en")));
        assertEquals("1h 5m", text("{{#duration}}PT1H5M{{/duration}}", cpuView("en")));
        assertEquals("1d", text("{{#duration}}P1D{{/duration}}", cpuView("en")));
        assertEquals("1h 5m", text("{{#duration}}{{alert.duration_seconds}}{{/duration}}", cpuView("en")));
        assertEquals("&lt;soon&gt;", Mrkdwn.escape(Filters.duration("<soon>")));
    }

    @Test
    void duration_insideAlertSection_reachableAsFnDuration() throws Exception {
        // Inside {{#alert}} the alert's own "duration" value shadows the filter; fn.* never is.
        assertEquals("1h 5m|1h 5m", text("{{#alert}}{{duration}}|{{#fn.duration}}{{duration_seconds}}{{/fn.duration}}{{/alert}}", cpuView("en")));
    }

    @Test
    void link_httpUrlWithAmpersand_escapedOnceInUrlAndText() throws Exception {
        String out = text("{{#link}}{{alert.runbook_url}}|{{alert.summary}}{{/link}}", mentionView());
        assertEquals("<https://rb.example.com/?a=1&amp;b=&lt;2&gt;|" + MENTION_ESCAPED + ">", out);
        assertFalse(out.contains("&amp;amp;"));
    }

    @Test
    void link_withoutText_urlIsText() throws Exception {
        assertEquals("<https://runbooks.example.com/cpu?a=1&amp;b=2|https://runbooks.example.com/cpu?a=1&amp;b=2>",
                text("{{#link}}{{alert.runbook_url}}{{/link}}", cpuView("en")));
    }

    @Test
    void link_notHttpOrEmpty_plainEscapedText() throws Exception {
        assertEquals("Voir Runbook", text("{{#link}}{{alert.dashboard_url}}|Voir Runbook{{/link}}", cpuView("en")));
        assertEquals("&lt;x&gt;", Filters.link("javascript:alert(1)", "<x>"));
        assertEquals("slack://channel", Filters.link("slack://channel", ""));
    }

    @Test
    void link_barInUrl_percentEncodedSoTokenStaysIntact() {
        assertEquals("<https://g.example.com/?q=a%7Cb|G>", Filters.link("https://g.example.com/?q=a|b", "G"));
    }

    @Test
    void render_frenchLocale_i18nStringsInFrench() throws Exception {
        assertEquals("Gravité : critical", text("{{i18n.severity}} : {{alert.severity}}", cpuView("fr")));
        assertEquals("Severity : critical", text("{{i18n.severity}} : {{alert.severity}}", cpuView("en")));
    }

    @Test
    void render_defaultLayout_boldSummaryDescriptionAndStart() {
        Rendered r = TemplateEngine.defaults(CLOCK).render("default", cpuView("fr"));
        assertFalse(r.fellBack());
        assertEquals("*Utilisation CPU élevée*\nCPU &gt; 90% depuis 10 minutes\n"
                + "_Début <!date^1741906500^{date_short_pretty} {time}|2025-03-13T22:55:00Z> · Durée 1h 5m_", r.text());
    }

    @Test
    void render_defaultLayoutResolvedWithoutSummary_usesAlertnameAndEnd() {
        var a = alert(Status.RESOLVED, Labels.of("alertname", "DiskFull"), Labels.EMPTY, "2025-03-13T20:00:00Z", "2025-03-13T21:00:00Z");
        Rendered r = TemplateEngine.defaults(CLOCK).render(null, view(group(Status.RESOLVED, "", a), "en"));
        assertFalse(r.fellBack());
        assertEquals(":white_check_mark: *DiskFull*\n_Ended <!date^1741899600^{date_short_pretty} {time}|2025-03-13T21:00:00Z> · Duration 1h_", r.text());
    }

    @Test
    void render_unknownName_fallsBackToDefault() {
        Rendered r = TemplateEngine.defaults(CLOCK).render("nope", cpuView("en"));
        assertTrue(r.fellBack());
        assertTrue(r.failure().contains("nope"), r.failure());
        assertTrue(r.text().startsWith("*Utilisation CPU élevée*"));
    }

    @Test
    void render_strictMissingVariable_fallsBackWithReason() throws Exception {
        TemplateEngine engine = TemplateEngine.compile(Map.of("t", "line1\n{{alert.nope}}"), CLOCK, true);
        Rendered r = engine.render("t", cpuView("en"));
        assertTrue(r.fellBack());
        assertTrue(r.failure().contains("alert.nope") && r.failure().contains("line 2"), r.failure());
        assertTrue(r.text().startsWith("*Utilisation CPU élevée*"));
    }

    @Test
    void render_strictOptionalSection_allowed() throws Exception {
        TemplateEngine engine = TemplateEngine.compile(Map.of("t", "[{{#alert.endsAt}}{{.}}{{/alert.endsAt}}]"), CLOCK, true);
        Rendered r = engine.render("t", cpuView("en"));
        assertFalse(r.fellBack(), r.failure());
        assertEquals("[]", r.text());
    }

    @Test
    void render_lenientMissingVariable_rendersEmpty() throws Exception {
        assertEquals("[]", text("[{{alert.nope}}{{alert.endsAt}}{{nothing.at.all}}]", cpuView("en")));
    }

    @Test
    void render_filterThrowsInStrictMode_fallsBack() throws Exception {
        TemplateEngine engine = TemplateEngine.compile(Map.of("t", "{{#upper}}{{missing}}{{/upper}}"), CLOCK, true);
        Rendered r = engine.render("t", cpuView("en"));
        assertTrue(r.fellBack());
        assertFalse(r.failure().isEmpty());
    }

    @Test
    void render_emptyRunbook_sectionSkipped() throws Exception {
        assertEquals("", text("{{#alert.dashboard_url}}Dash{{/alert.dashboard_url}}", cpuView("en")));
        assertEquals("RB", text("{{#alert.runbook_url}}RB{{/alert.runbook_url}}", cpuView("en")));
        assertEquals("none", text("{{^resolved_count}}none{{/resolved_count}}", cpuView("en")));
    }

    @Test
    void compile_unclosedSection_throwsWithNameAndLine() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> TemplateEngine.compile(Map.of("alert_template", "ok\nstill ok\n{{#alert}}\n{{/alerts}}"), CLOCK));
        assertEquals("alert_template", e.templateName());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("alert_template") && e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void compile_sectionNeverClosed_throwsTemplateException() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> TemplateEngine.compile(Map.of("t", "a\n{{#alert}}\nb"), CLOCK));
        assertEquals("t", e.templateName());
        assertTrue(e.line() > 0, e.getMessage());
    }

    @Test
    void render_nullView_neverThrows() {
        Rendered r = TemplateEngine.defaults(CLOCK).render("x", null);
        assertTrue(r.fellBack());
    }

    @Test
    void render_groupLists_iterateFiringWithCounts() throws Exception {
        var b = alert(Status.FIRING, Labels.of("alertname", "B & C"), Labels.EMPTY, "2025-03-13T23:00:00Z", ZERO_TIME);
        var v = view(group(Status.FIRING, "", cpuFiring(), b), "en");
        assertEquals("2: HighCPU, B &amp; C, ", text("{{firing_count}}: {{#firing}}{{name}}, {{/firing}}", v));
    }
}
