package io.alertgate.slack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    private static Map<String, Object> message(int sections) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int i = 0; i < sections; i++) {
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                    "text", "• *KubePodNotReady* pod-" + i + " — \"quoted\" \\ <&> 🔥 é\n\u0001")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "[FIRING:" + sections + "] KubePodNotReady");
        body.put("blocks", blocks);
        body.put("emoji", true);
        body.put("count", sections);
        return body;
    }

    @Test
    void utf8_ofASmallMessage_isTheBytesJacksonJrWrites() throws Exception {
        Map<String, Object> body = message(5);
        byte[] bytes = JsonBody.utf8(body);
        assertTrue(bytes.length < 8_000, "one write from the generator: " + bytes.length);
        assertArrayEquals(JSON.std.asBytes(body), bytes);
    }

    @Test
    void utf8_ofAMessageLargerThanTheGeneratorsBuffer_joinsEveryWriteInOrder() throws Exception {
        Map<String, Object> body = message(400);
        byte[] bytes = JsonBody.utf8(body);
        assertTrue(bytes.length > 3 * 8_000, "several writes from the generator: " + bytes.length);
        assertArrayEquals(JSON.std.asBytes(body), bytes);
        assertEquals(body.get("text"), JSON.std.mapFrom(new String(bytes, StandardCharsets.UTF_8)).get("text"));
    }

    @Test
    void utf8_ofAnEmptyBody_isAnEmptyObject() throws Exception {
        assertEquals("{}", new String(JsonBody.utf8(Map.of()), StandardCharsets.UTF_8));
    }
}
