package io.alertgate.app;

import io.alertgate.config.GatewayConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value derived from the serving config, rebuilt the first time it is asked for after a reload
 * swapped in another config, and shared until the next one (signing keys, escalation policies,
 * Alertmanager clients).
 *
 * <p>Design note. The config supplied is compared by identity: a reload always swaps in a new
 * {@link GatewayConfig} object, and comparing by equality would walk every tenant on every call.
 * Two threads may both build after a swap; both results describe the same config, and the last
 * one kept wins, so no lock is needed.
 *
 * @param <T> what is derived
 */
final class PerConfig<T> implements Supplier<T> {
    private record Built<T>(GatewayConfig from, T value) {}

    private final Supplier<GatewayConfig> config;
    private final Function<GatewayConfig, T> build;
    private final AtomicReference<Built<T>> last = new AtomicReference<>();

    /**
     * @param config the serving config (the pipeline's), read on every call
     * @param build derives the value; must not throw for a config that validated
     */
    PerConfig(Supplier<GatewayConfig> config, Function<GatewayConfig, T> build) {
        this.config = Objects.requireNonNull(config, "config");
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public T get() {
        GatewayConfig now = config.get();
        Built<T> b = last.get();
        if (b != null && b.from() == now) return b.value();
        Built<T> fresh = new Built<>(now, build.apply(now));
        last.set(fresh);
        return fresh.value();
    }
}
