package io.alertgate.slack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Slack request body ({@link SlackMessage#webhookBody()}, {@link SlackMessage#apiBody}) as the
 * UTF-8 JSON bytes {@link HttpSlackTransport} posts: the same bytes as jackson-jr's
 * {@code JSON.std.asBytes(body)}, with about a third of its allocation.
 *
 * <p>Why: jackson's generator fills its own pooled 8,000-byte buffer and hands it over when full or
 * closed, so a message under 8,000 bytes (every message of a few alerts) arrives here in one
 * write and is copied once into an array of exactly its size, which is returned as is.
 * {@code asBytes} instead took a 2,000-byte block it never pooled again, grew a second block, then
 * copied both into the result (6.3 KB for a 2.1 KB message, measured with
 * {@code bench/run-jmh SerializeBenchmark}). Larger bodies arrive in several writes and are joined
 * once at the end.
 */
public final class JsonBody {
    private JsonBody() {}

    /**
     * {@code body} (Maps, Lists, Strings, Numbers, Booleans, as jackson-jr writes them) as UTF-8
     * JSON.
     *
     * @throws IOException when jackson-jr cannot write a value (a type it does not know)
     */
    public static byte[] utf8(Map<String, ?> body) throws IOException {
        Chunks out = new Chunks();
        JSON.std.write(body, out);
        return out.toByteArray();
    }

    /** The bytes written, one exact-size copy per write, joined only when there was more than one. */
    private static final class Chunks extends OutputStream {
        private byte[] first;
        private List<byte[]> more;
        private int total;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len == 0) return;
            // Copied: the generator reuses its buffer after this call returns.
            byte[] chunk = Arrays.copyOfRange(b, off, off + len);
            if (first == null) {
                first = chunk;
            } else {
                if (more == null) more = new ArrayList<>();
                more.add(chunk);
            }
            total = Math.addExact(total, len);
        }

        byte[] toByteArray() {
            if (first == null) return new byte[0];
            if (more == null) return first;
            byte[] all = Arrays.copyOf(first, total);
            int at = first.length;
            for (byte[] chunk : more) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            return all;
        }
    }
}
