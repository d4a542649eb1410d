package io.alertgate.secrets;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Reads the Fernet test vectors in {@code shared/corpus/fernet/}. */
final class FernetVectors {
    private FernetVectors() {}

    static Path directory() {
        String shared = System.getenv("ALERTGATE_SHARED");
        Path base = shared != null && !shared.isBlank() ? Path.of(shared) : Path.of("..", "shared");
        return base.resolve("corpus").resolve("fernet");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String file) {
        try {
            return (List<Map<String, Object>>) (List<?>) JSON.std.listFrom(Files.readString(directory().resolve(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read test vectors " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> pythonEntries() {
        try {
            Map<String, Object> root = JSON.std.mapFrom(Files.readString(directory().resolve("python-generated.json")));
            return (List<Map<String, Object>>) root.get("entries");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read python-generated.json", e);
        }
    }

    static Clock clockAt(String isoOffsetTime) {
        return Clock.fixed(OffsetDateTime.parse(isoOffsetTime).toInstant(), ZoneOffset.UTC);
    }

    static Clock clockAtEpochSecond(long seconds) {
        return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
    }

    static byte[] ivFromList(Object list) {
        List<?> values = (List<?>) list;
        byte[] iv = new byte[values.size()];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) ((Number) values.get(i)).intValue();
        }
        return iv;
    }

    static byte[] ivFromHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static long seconds(Object number) {
        return ((Number) number).longValue();
    }
}
