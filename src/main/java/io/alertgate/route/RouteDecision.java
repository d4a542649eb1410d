package io.alertgate.route;

import io.alertgate.alert.Priority;
import io.alertgate.config.Target;
import java.util.Optional;

/**
 * One delivery the router chose for a notification.
 *
 * @param target where the message goes
 * @param template the template name to render with; empty means the tenant's default
 * @param priority the outbox lane, from the group's {@code severity}
 * @param reason why: {@code rule:<id>}, {@code severity_mapping:<severity>} or {@code default}
 */
public record RouteDecision(Target target, Optional<String> template, Priority priority, String reason) {}
