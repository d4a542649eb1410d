package io.alertgate.http;

import java.util.Map;

/**
 * Where the listener reports security-relevant events (auth failures, replays) for the audit log.
 * Fields are plain facts — source address, tenant, reason, id — never a credential.
 */
@FunctionalInterface
public interface AuditTrail {
    AuditTrail NONE = (action, fields) -> {};

    /** Records {@code action} (e.g. {@code auth.failure}) with its fields. */
    void record(String action, Map<String, String> fields);
}
