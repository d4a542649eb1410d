package io.alertgate.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code message_mode} of a routing rule: what a resolve or an acknowledgement does to a message
 * the rule posted through the Web API (bot token). Webhook destinations cannot edit and always
 * post a new message, whatever the mode.
 */
public enum MessageMode {
    /** {@code update}: edit the original message ({@code chat.update}) only. */
    UPDATE("update"),
    /** {@code thread}: leave the original as it is and reply in its thread ({@code thread_ts}) only. */
    THREAD("thread"),
    /** {@code update+thread}: edit the original and reply in its thread; the default. */
    UPDATE_AND_THREAD("update+thread"),
    /** {@code new}: post a new message, as a webhook does. */
    NEW("new");

    /** The mode of rules without {@code message_mode}, of the severity mapping and of the default channel. */
    public static final MessageMode DEFAULT = UPDATE_AND_THREAD;

    /** The YAML spelling. */
    public final String yaml;

    MessageMode(String yaml) {
        this.yaml = yaml;
    }

    /** True when the original message is edited. */
    public boolean edits() {
        return this == UPDATE || this == UPDATE_AND_THREAD;
    }

    /** True when the event is posted in the original's thread. */
    public boolean replies() {
        return this == THREAD || this == UPDATE_AND_THREAD;
    }

    /** The mode spelled {@code value} in YAML; empty for anything else. */
    public static Optional<MessageMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.yaml.equals(value)).findFirst();
    }

    /** The spellings, for error messages: {@code update, thread, update+thread, new}. */
    public static String spellings() {
        return Arrays.stream(values()).map(m -> m.yaml).collect(Collectors.joining(", "));
    }

    /**
     * The mode of the route that chose a message: the rule's own for {@code rule:<id>}, else the default.
     *
     * @param reason a route decision's reason ({@code rule:<id>}, {@code severity_mapping:<s>}, {@code default})
     */
    public static MessageMode forReason(TenantConfig tenant, String reason) {
        if (reason == null || !reason.startsWith("rule:")) return DEFAULT;
        String id = reason.substring("rule:".length());
        return tenant.rules().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(TenantConfig.RoutingRule::messageMode).orElse(DEFAULT);
    }

    /**
     * The mode for a destination when no route decision is at hand (an acknowledgement): the mode of
     * the first rule, in file order, that lists the destination among its targets; else the default.
     *
     * @param destination a target's spelling ({@code #alerts}, {@code C0123…}, {@code @user}, {@code webhook:NAME})
     */
    public static MessageMode forDestination(TenantConfig tenant, String destination) {
        for (TenantConfig.RoutingRule r : tenant.rules()) {
            if (r.targets().stream().anyMatch(t -> t.spec().equals(destination))) return r.messageMode();
        }
        return DEFAULT;
    }
}
