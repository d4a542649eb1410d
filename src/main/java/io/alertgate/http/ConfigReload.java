package io.alertgate.http;

import java.util.List;
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
     * @param restartRequired YAML paths whose change the reload did not apply (they take effect on restart);
     *     empty when everything changed was applied or nothing was swapped
     */
    record Outcome(boolean applied, Map<String, Object> report, List<String> restartRequired) {
        public Outcome {
            restartRequired = List.copyOf(restartRequired);
        }

        /** With nothing left for a restart. */
        public Outcome(boolean applied, Map<String, Object> report) {
            this(applied, report, List.of());
        }
    }

    Outcome reload();
}
