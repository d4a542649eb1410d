package io.alertgate.store;

/**
 * The gateway's state, by concern: escalations, message references and rotated Slack tokens. Two implementations pass
 * one contract suite: {@link InMemoryStateStore} (one process; lost on restart) and
 * {@link RedisStateStore} (durable as Redis is, shared by replicas).
 */
public interface StateStore extends EscalationStore, MessageRefStore, TokenStore, AutoCloseable {

    /** True when the backing store answers now (readiness). */
    boolean ping();

    @Override
    void close();
}
