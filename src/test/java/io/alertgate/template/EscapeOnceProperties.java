package io.alertgate.template;

import static io.alertgate.template.TestPayloads.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Any label value comes out escaped exactly once, plain or through a filter. */
class EscapeOnceProperties {
    private static final TemplateEngine ENGINE = engine();

    private static TemplateEngine engine() {
        try {
            return TemplateEngine.compile(Map.of(
                    "plain", "{{alert.labels.v}}",
                    "upper", "{{#upper}}{{alert.labels.v}}{{/upper}}",
                    "truncate", "{{#truncate}}1000|{{alert.labels.v}}{{/truncate}}",
                    "link", "{{#link}}https://x.example.com/|{{alert.labels.v}}{{/link}}"), CLOCK);
        } catch (TemplateException e) {
            throw new AssertionError(e);
        }
    }

    private static NotificationView withValue(String v) {
        var a = alert(Status.FIRING, Labels.of("alertname", "X", "v", v), Labels.EMPTY, "2025-03-13T23:00:00Z", ZERO_TIME);
        return view(group(Status.FIRING, "", a), "en");
    }

    @Property(tries = 200)
    void render_anyValue_escapedExactlyOnce(@ForAll @StringLength(max = 60) String v) {
        NotificationView view = withValue(v);
        assertEquals(Mrkdwn.escape(v), ENGINE.render("plain", view).text());
        assertEquals(Mrkdwn.escape(v.toUpperCase(Locale.ROOT)), ENGINE.render("upper", view).text());
        assertEquals(Mrkdwn.escape(v), ENGINE.render("truncate", view).text());
        String label = v.strip().isEmpty() ? "https://x.example.com/" : v.strip();
        assertEquals("<https://x.example.com/|" + Mrkdwn.escape(label) + ">", ENGINE.render("link", view).text());
    }
}
