package io.alertgate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.alertgate.resilience.CircuitBreaker;
import io.alertgate.slack.FakeSlack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code strategy: least_loaded} inside a running gateway: the router reads the delivery engine's
 * real breaker state (through {@link Gateway#destinationLoad}) and avoids a destination whose
 * breaker a Slack 500 has opened.
 */
class LeastLoadedGatewayTest {
    private static final Duration AWAIT = RunningGateway.AWAIT;

    private final FakeSlack slack;
    private RunningGateway gateway;

    LeastLoadedGatewayTest() throws Exception {
        slack = FakeSlack.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        slack.close();
    }

    private int post() throws Exception {
        return gateway.send("POST", "/api/v1/alerts/acme", (String) null, GatewayHttpTest.VALID).statusCode();
    }

    @Test
    void leastLoaded_afterABreakerOpens_sendsToTheOtherDestination() throws Exception {
        gateway = RunningGateway.start("""
                server:
                  listen: 127.0.0.1:0
                dedup: {ttl_seconds: 0}   # the same payload is posted twice on purpose
                tenants:
                  acme:
                    environments:
                      prod:
                        slack:
                          webhooks:
                            a: "%s"
                            b: "%s"
                          channels:
                            default: webhook:a
                          circuit_breaker: {failure_threshold: 1, recovery_timeout_seconds: 3600}
                          retry: {max_attempts: 1}
                          routing_rules:
                            - id: spread
                              target_channels: [webhook:a, webhook:b]
                              strategy: least_loaded
                """.formatted(slack.webhookUrl("a"), slack.webhookUrl("b")));
        slack.failNext(FakeSlack.webhookPath("a"), 500, "internal_error", Map.of());

        assertEquals(202, post()); // both idle: file order picks a, which answers 500 and opens its breaker
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (gateway.gateway().engine().breakerState("acme", "webhook:a") != CircuitBreaker.State.OPEN) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("the breaker of webhook:a never opened");
            Thread.sleep(10);
        }
        assertEquals(202, post());

        List<FakeSlack.Received> delivered = slack.awaitMessages(1, AWAIT);
        assertEquals(FakeSlack.webhookPath("b"), delivered.get(0).path());
        assertEquals(List.of(FakeSlack.webhookPath("a"), FakeSlack.webhookPath("b")),
                slack.received().stream().map(FakeSlack.Received::path).toList());
    }
}
