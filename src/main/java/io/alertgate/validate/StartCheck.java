package io.alertgate.validate;

import io.alertgate.config.GatewayConfig;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@code alertgate serve} makes before it starts (TLS material that must load, where
 * rotated secrets may be kept), so that {@code validate} (standard level and up) refuses what serve
 * refuses with the very code serve runs. Built by {@code app}, which owns those parts; this
 * package only places the answers at their YAML path.
 */
@FunctionalInterface
public interface StartCheck {
    /** Checks nothing (a validator without the app's parts). */
    StartCheck NONE = config -> List.of();

    /**
     * One reason serve would refuse to start.
     *
     * @param code the finding's code ({@code AG250}, {@code AG260})
     * @param tenant empty: {@code path} is from the config's root; present: {@code path} is under
     *     that tenant's {@code slack} block (inline or in {@code tenants_dir})
     * @param path YAML path, as above
     * @param message what serve says; never a secret
     * @param fix how to correct it
     */
    record Refusal(String code, Optional<String> tenant, String path, String message, String fix) {}

    /** The refusals of {@code config}; empty when serve would start it. */
    List<Refusal> check(GatewayConfig config);
}
