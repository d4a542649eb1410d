package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryingTransportTest {
    private static final Destination DEST = new Destination.Console("c");
    private static final SlackMessage MESSAGE = new SlackMessage("t", List.of(), List.of());
    private static final SendResult OK = SendResult.ok(200, "", "");

    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper recorder = sleeps::add;
    private final Deque<SendResult> answers = new ArrayDeque<>();
    private int calls;
    private final SlackTransport scripted = (d, m) -> {
        calls++;
        return answers.isEmpty() ? OK : answers.poll();
    };

    private static SendResult failed(FailureReason reason, Duration retryAfter) {
        return SendResult.failed(reason, 0, "", Optional.ofNullable(retryAfter));
    }

    /** Jitter fixed at its maximum: waits are the backoff ceilings 500 ms, 1 s, 2 s… */
    private RetryingTransport retrying(int attempts) {
        return new RetryingTransport(scripted, attempts, Duration.ofMillis(500), Duration.ofSeconds(10), recorder, () -> 0.999999);
    }

    @Test
    void send_rateLimitedWithRetryAfter_waitsAtLeastRetryAfter() {
        answers.add(failed(FailureReason.RATE_LIMITED, Duration.ofSeconds(7)));
        assertEquals(OK, retrying(3).send(DEST, MESSAGE));
        assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    }

    @Test
    void send_serverErrors_backOffExponentiallyThenGiveUp() {
        SendResult down = failed(FailureReason.SERVER_ERROR, null);
        answers.addAll(List.of(down, down, down, down));
        assertEquals(down, retrying(3).send(DEST, MESSAGE));
        assertEquals(3, calls);
        assertEquals(List.of(Duration.ofMillis(499), Duration.ofMillis(999)), sleeps);
    }

    @Test
    void send_backoff_isCappedAtMaxDelay() {
        SendResult down = failed(FailureReason.NETWORK, null);
        for (int i = 0; i < 10; i++) answers.add(down);
        retrying(8).send(DEST, MESSAGE);
        assertEquals(Duration.ofMillis(9999), sleeps.get(sleeps.size() - 1));
    }

    @Test
    void send_permanentFailure_isNotRetried() {
        answers.add(failed(FailureReason.CHANNEL_GONE, null));
        assertEquals(FailureReason.CHANNEL_GONE, retrying(3).send(DEST, MESSAGE).reason());
        assertEquals(1, calls);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void send_retryAfterBeyondTheWaitBound_isHandedBackToTheCaller() {
        answers.add(failed(FailureReason.RATE_LIMITED, Duration.ofMinutes(5)));
        assertEquals(FailureReason.RATE_LIMITED, retrying(3).send(DEST, MESSAGE).reason());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void send_againstFakeSlack_honoursRetryAfterThenSucceeds() throws Exception {
        try (FakeSlack slack = FakeSlack.start()) {
            slack.failNext(FakeSlack.webhookPath("r"), 429, "", java.util.Map.of("Retry-After", "2"));
            var http = new HttpSlackTransport(java.net.http.HttpClient.newHttpClient());
            var dest = new Destination.Webhook("w", io.alertgate.secrets.Secret.of(slack.webhookUrl("r")));
            SendResult r = new RetryingTransport(http, recorder).send(dest, MESSAGE);
            assertEquals(true, r.ok());
            assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
            assertEquals(2, slack.received().size());
        }
    }
}
