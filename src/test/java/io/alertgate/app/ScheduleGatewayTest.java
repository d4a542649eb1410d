package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alertgate.config.ConfigLoader;
import io.alertgate.config.GatewayConfig;
import io.alertgate.config.SecretDecoder;
import io.alertgate.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-level {@code schedule} inside a running gateway, over real HTTP with the fake Slack and the
 * injected clock: a step that fires outside business hours goes to {@code off_hours_targets}, one
 * that fires inside them to {@code targets}, and a holiday is off hours all day.
 */
class ScheduleGatewayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration AWAIT = Duration.ofSeconds(10);
    /** Monday 30 November 2026, 03:00 in Paris: off hours. */
    private static final Instant MONDAY_NIGHT = Instant.parse("2026-11-30T02:00:00Z");
    /** Monday 30 November 2026, 10:00 in Paris: business hours. */
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-30T09:00:00Z");
    /** Thursday 24 December 2026, 10:00 in Paris: business hours on the clock, but a holiday. */
    private static final Instant CHRISTMAS_EVE_MORNING = Instant.parse("2026-12-24T09:00:00Z");

    private final EscalationGatewayTest.TestClock clock = new EscalationGatewayTest.TestClock();
    private FakeSlack slack;
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (slack != null) slack.close();
    }

    private void start(Instant at) throws Exception {
        clock.now = at;
        slack = FakeSlack.start();
        GatewayConfig config = new ConfigLoader(Map.of("BOT", FakeSlack.TOKEN), SecretDecoder.NONE).parse("""
                server:
                  listen: 127.0.0.1:0
                  slack_api_url: "%s"
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          app_config: {bot_token: "${BOT}"}
                          channels: {default: "#alerts"}
                          time_intervals:
                            - name: office
                              time_intervals:
                                - {weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '18:00'}], location: Europe/Paris}
                            - name: holidays
                              time_intervals:
                                - {months: ['december'], days_of_month: ['24:26'], location: Europe/Paris}
                          escalation:
                            enabled: true
                            levels:
                              - level: 1
                                delay_minutes: 5
                                targets: ["#oncall-day"]
                                off_hours_targets: ["#oncall-night"]
                                schedule: {business_hours: [office], holidays: [holidays]}
                              - level: 2
                                delay_minutes: 10
                                targets: ["#managers-day"]
                                off_hours_targets: ["#managers-night"]
                                schedule: {business_hours: [office], holidays: [holidays]}
                """.formatted(slack.apiBase()), null);
        gateway = Gateway.start(config, new Gateway.Options(clock, Gateway.defaultHttpClient(), System.out, e -> {}));
    }

    private void postCritical() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/v1/alerts/acme"))
                .POST(HttpRequest.BodyPublishers.ofString(EscalationGatewayTest.CRITICAL)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
    }

    /** The channel and text of the {@code n}th message (1-based) Slack received. */
    private static String stepMessage(FakeSlack slack, int n) throws Exception {
        FakeSlack.Received m = slack.awaitMessages(n, AWAIT).get(n - 1);
        String text = (String) m.body().get("text");
        assertTrue(text.contains("Escalation level"), m.body().toString());
        return m.body().get("channel") + " " + text.substring(text.indexOf("Escalation level"), text.indexOf("Escalation level") + 18);
    }

    @Test
    void stepAtNight_goesToOffHoursTargets_andTheNextStepInOfficeHours_toTargets() throws Exception {
        start(MONDAY_NIGHT);
        postCritical();
        assertEquals("#alerts", slack.awaitMessages(1, AWAIT).get(0).body().get("channel"));

        clock.now = MONDAY_NIGHT.plus(Duration.ofMinutes(5));
        assertEquals("#oncall-night Escalation level 1", stepMessage(slack, 2));

        // The choice is made when the step fires: level 2 is due at 03:15 but the poll first sees 10:00.
        clock.now = MONDAY_MORNING;
        assertEquals("#managers-day Escalation level 2", stepMessage(slack, 3));
    }

    @Test
    void stepOnAHolidayMorning_goesToOffHoursTargets() throws Exception {
        start(CHRISTMAS_EVE_MORNING);
        postCritical();
        slack.awaitMessages(1, AWAIT);
        clock.now = CHRISTMAS_EVE_MORNING.plus(Duration.ofMinutes(5));
        assertEquals("#oncall-night Escalation level 1", stepMessage(slack, 2));
    }

    @Test
    void stepInOfficeHours_goesToTargets() throws Exception {
        start(MONDAY_MORNING);
        postCritical();
        slack.awaitMessages(1, AWAIT);
        clock.now = MONDAY_MORNING.plus(Duration.ofMinutes(5));
        assertEquals("#oncall-day Escalation level 1", stepMessage(slack, 2));
    }
}
