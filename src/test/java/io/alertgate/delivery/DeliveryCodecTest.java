package io.alertgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.alertgate.alert.Priority;
import io.alertgate.secrets.Secret;
import io.alertgate.slack.Destination;
import io.alertgate.slack.SlackMessage;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A delivery as the durable outbox keeps it: everything to re-send, nothing secret. */
class DeliveryCodecTest {
    private static final Secret URL = Secret.of("https://hooks.slack.test/services/T1/B1/very-secret");
    private static final Secret TOKEN = Secret.of("xoxb-very-secret-token");
    private static final URI API = URI.create("https://slack.test/api/");

    private final Map<String, Destination> configured = Map.of(
            "webhook:ops", new Destination.Webhook("webhook:ops", URL),
            "#alerts", new Destination.Channel("#alerts", "#alerts", TOKEN, API));
    private final DeliveryCodec codec = new DeliveryCodec((tenant, name) ->
            "acme".equals(tenant) ? Optional.ofNullable(configured.get(name)) : Optional.empty());

    private static SlackMessage message() {
        return new SlackMessage("*Fire* 🚨 <a|b>", List.of(Map.of("type", "section",
                "text", Map.of("type", "mrkdwn", "text", "x"), "fields", List.of(Map.of("n", 3, "ok", true)))),
                List.of(Map.of("color", "#E01E5A", "blocks", List.of())), "req-1");
    }

    @Test
    void webhookDelivery_roundTripsEqual() {
        Delivery d = new Delivery("acme", "{}:{a=\"b\"}", configured.get("webhook:ops"), message(), Priority.CRITICAL,
                "req-1", "HighLatency");
        assertEquals(d, codec.decode(DeliveryCodec.encode(d)));
    }

    @Test
    void followup_roundTripsWithChannelTsAndAction() {
        Delivery d = new Delivery("acme", "g", new Destination.Followup("#alerts", "C123", "1700.0001", TOKEN, API,
                Destination.Followup.Action.REPLY), message(), Priority.HIGH, "req-2", "");
        assertEquals(d, codec.decode(DeliveryCodec.encode(d)));
    }

    @Test
    void encode_neverHoldsTheWebhookUrlOrToken() {
        for (Destination to : List.of(configured.get("webhook:ops"), configured.get("#alerts"))) {
            Map<String, String> fields = DeliveryCodec.encode(new Delivery("acme", "g", to, message(), Priority.LOW, "r"));
            String all = String.join("|", fields.values()) + String.join("|", fields.keySet());
            assertFalse(all.contains("very-secret"), all);
        }
    }

    @Test
    void decode_ofADestinationNoLongerConfigured_isUnresolvedByName() {
        Delivery d = new Delivery("acme", "g", new Destination.Webhook("webhook:gone", URL), message(), Priority.LOW, "r");
        Delivery back = codec.decode(DeliveryCodec.encode(d));
        assertEquals(new Destination.Unresolved("webhook:gone"), back.destination());
        assertEquals(d.message(), back.message());
    }

    @Test
    void decode_ofAFollowupWhoseChannelIsGone_isUnresolved() {
        Delivery d = new Delivery("globex", "g", new Destination.Followup("#alerts", "C1", "1.2", TOKEN, API,
                Destination.Followup.Action.UPDATE), message(), Priority.LOW, "r");
        assertInstanceOf(Destination.Unresolved.class, codec.decode(DeliveryCodec.encode(d)).destination());
    }

    @Test
    void decode_withoutText_isRefused() {
        Map<String, String> f = new HashMap<>(DeliveryCodec.encode(new Delivery("acme", "g", configured.get("#alerts"),
                message(), Priority.LOW, "r")));
        f.remove("text");
        assertThrows(IllegalArgumentException.class, () -> codec.decode(f));
    }
}
