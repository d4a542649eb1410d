package io.alertgate.delivery;

import io.alertgate.store.DeadLetterLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Dead letters in a {@link DeadLetterLog} (Redis): they survive restarts and every replica lists and
 * replays the same ones. Bounded by the log (10,000 by default, oldest trimmed first). Each is the
 * delivery's {@link DeliveryCodec} fields plus {@code reason}, {@code error_code}, {@code attempts}
 * and {@code at} (epoch milliseconds). {@link #add} throws when Redis cannot be reached; the engine
 * then leaves the message in the durable outbox rather than lose it.
 */
public final class StoredDeadLetters implements DeadLetters {
    private static final System.Logger LOG = System.getLogger("io.alertgate.delivery");

    private final DeadLetterLog log;
    private final DeliveryCodec codec;
    private final Clock clock;

    public StoredDeadLetters(DeadLetterLog log, DestinationResolver resolver, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.codec = new DeliveryCodec(resolver);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DeadLetter add(Delivery delivery, String reason, String errorCode, int attempts) {
        Instant at = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>(DeliveryCodec.encode(delivery));
        fields.put("reason", reason);
        fields.put("error_code", errorCode);
        fields.put("attempts", Integer.toString(attempts));
        fields.put("at", Long.toString(at.toEpochMilli()));
        return new DeadLetter(log.add(fields), delivery, reason, errorCode, attempts, at);
    }

    /**
     * Dead letters, oldest first.
     *
     * @throws io.alertgate.store.StoreException when Redis cannot be reached: an empty list would tell an
     *     operator there is nothing to replay while letters wait in Redis
     */
    @Override
    public List<DeadLetter> list() {
        List<DeadLetter> out = new ArrayList<>();
        for (DeadLetterLog.Entry e : log.list()) read(e).ifPresent(out::add);
        return out;
    }

    @Override
    public Optional<DeadLetter> take(String id) {
        return log.take(id).flatMap(this::read);
    }

    private Optional<DeadLetter> read(DeadLetterLog.Entry e) {
        try {
            Map<String, String> f = e.fields();
            return Optional.of(new DeadLetter(e.id(), codec.decode(f), f.getOrDefault("reason", ""),
                    f.getOrDefault("error_code", ""), Integer.parseInt(f.getOrDefault("attempts", "0")),
                    Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("at", "0")))));
        } catch (IllegalArgumentException bad) {
            LOG.log(System.Logger.Level.ERROR, "dead letter {0} cannot be read: {1}", e.id(), bad.getMessage());
            return Optional.empty();
        }
    }
}
