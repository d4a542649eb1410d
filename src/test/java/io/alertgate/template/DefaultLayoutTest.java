package io.alertgate.template;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.alert.Labels;
import io.alertgate.alert.Status;
import org.junit.jupiter.api.Test;

class DefaultLayoutTest {
    private final TemplateEngine engine = TemplateEngine.defaults(TestPayloads.CLOCK);

    private String render(Labels labels, Labels annotations) {
        var alert = TestPayloads.alert(Status.FIRING, labels, annotations, "2025-03-13T23:00:00Z", "0001-01-01T00:00:00Z");
        var view = ViewModels.build(TestPayloads.group(Status.FIRING, "", alert), "t", "prod", "en", TestPayloads.CLOCK);
        return engine.render(TemplateEngine.DEFAULT_TEMPLATE_NAME, view).text();
    }

    @Test
    void render_noSummaryAndNoAlertname_leavesNoEmptyBoldMarkers() {
        String text = render(Labels.EMPTY, Labels.EMPTY);
        assertFalse(text.contains("**"), text);
    }

    @Test
    void render_noSummary_boldsTheAlertname() {
        assertTrue(render(Labels.of("alertname", "DiskFull"), Labels.EMPTY).startsWith("*DiskFull*"));
    }
}
