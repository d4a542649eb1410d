package io.alertgate.http;

import java.util.Map;

/**
 * The seam behind {@code POST /-/reload}: load the config file again, validate it and swap it in
 * when valid. Built by {@code app}; this package never sees the config or the validator.
 */
@FunctionalInterface
public interface ConfigReload {
    /**
     * @param applied true when the new config now serves; false when it was refused (the old one keeps serving)
     * @param report the validation report as JSON ({@code valid}, {@code summary}, {@code findings}); never a secret
     */
    record Outcome(boolean applied, Map<String, Object> report) {}

    Outcome reload();
}
