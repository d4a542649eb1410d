package io.alertgate.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the Jedis 8 client for a {@link RedisEndpoint}: {@link RedisClient} for one server,
 * {@link RedisSentinelClient} for Sentinel, {@link RedisClusterClient} for a cluster. All three are
 * {@link UnifiedJedis}, so the store's commands and Lua scripts are the same; in a cluster a script
 * runs on the slot of its first key, which is why every script's keys share one {@code {tenant}}.
 */
final class RedisClients {
    private RedisClients() {}

    /**
     * A client that connects lazily (Sentinel and Cluster ask their nodes at once).
     *
     * @param timeout connect and socket timeout of one command
     * @param poolSize most connections per server
     * @throws IllegalArgumentException for a URL that is not {@code redis://} or {@code rediss://},
     *     or a node that is not {@code host:port} (messages never contain a password)
     */
    static UnifiedJedis connect(RedisEndpoint endpoint, Duration timeout, int poolSize) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(timeout);
        return switch (endpoint) {
            case RedisEndpoint.Standalone s -> standalone(s.url(), timeoutMs, pool);
            case RedisEndpoint.Sentinel s -> {
                var master = DefaultJedisClientConfig.builder().timeoutMillis(timeoutMs);
                s.password().ifPresent(master::password);
                var sentinel = DefaultJedisClientConfig.builder().timeoutMillis(timeoutMs);
                s.sentinelPassword().ifPresent(sentinel::password);
                yield RedisSentinelClient.builder().masterName(s.master()).sentinels(nodes(s.sentinels()))
                        .sentinelClientConfig(sentinel.build()).clientConfig(master.build()).poolConfig(pool).build();
            }
            case RedisEndpoint.Cluster c -> {
                var client = DefaultJedisClientConfig.builder().timeoutMillis(timeoutMs);
                c.password().ifPresent(client::password);
                yield RedisClusterClient.builder().nodes(nodes(c.nodes())).clientConfig(client.build()).poolConfig(pool)
                        .build();
            }
        };
    }

    /** {@code host:port} strings as Jedis's addresses. */
    static Set<HostAndPort> nodes(List<String> nodes) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String n : nodes) {
            int colon = n.lastIndexOf(':');
            if (colon <= 0 || colon == n.length() - 1) throw new IllegalArgumentException("expected host:port, got " + n);
            try {
                out.add(new HostAndPort(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected host:port, got " + n);
            }
        }
        return out;
    }

    private static RedisClient standalone(String url, int timeoutMs, ConnectionPoolConfig pool) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis.url is not a valid URL");
        }
        boolean tls = "rediss".equals(uri.getScheme());
        if (!tls && !"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url must be redis://host[:port][/db] or rediss://…");
        }
        var client = DefaultJedisClientConfig.builder().timeoutMillis(timeoutMs).ssl(tls);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            if (!user.isEmpty()) client.user(user);
            client.password(password);
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) client.database(Integer.parseInt(path.substring(1)));
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return RedisClient.builder().hostAndPort(new HostAndPort(uri.getHost(), port))
                .clientConfig(client.build()).poolConfig(pool).build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
