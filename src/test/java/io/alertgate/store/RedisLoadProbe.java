package io.alertgate.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: measures N virtual threads calling Redis through a pool of 16, with and without the
 * semaphore in front of the pool. Run after {@code ./mvnw -o test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.alertgate.store.RedisLoadProbe 5000 20}
 */
public final class RedisLoadProbe {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int callsEach = Integer.parseInt(args[1]);
        try (RedisServer server = RedisServer.start()) {
            for (int round = 0; round < 2; round++) {
                for (boolean bounded : new boolean[] {true, false}) {
                    run(server, bounded, threads, callsEach);
                }
            }
        }
    }

    private static void run(RedisServer server, boolean bounded, int threads, int callsEach) throws Exception {
        // Pool wait of 2 s, as configured by default: an unbounded pool makes waiters time out.
        try (RedisStateStore store = new RedisStateStore(
                new RedisStateStore.Settings(server.url(), Duration.ofSeconds(2), 16), bounded)) {
            store.remember("t", "g", "d", new MessageRef("C1", "1.1"));
            AtomicInteger failures = new AtomicInteger();
            long start = System.nanoTime();
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < threads; i++) {
                    ex.submit(() -> {
                        for (int c = 0; c < callsEach; c++) {
                            try {
                                store.find("t", "g", "d");
                            } catch (StoreException e) {
                                failures.incrementAndGet();
                            }
                        }
                    });
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long calls = (long) threads * callsEach;
            System.out.printf("bounded=%s threads=%d calls=%d time=%.2fs rate=%.0f/s failures=%d%n", bounded, threads,
                    calls, secs, calls / secs, failures.get());
        }
    }
}
