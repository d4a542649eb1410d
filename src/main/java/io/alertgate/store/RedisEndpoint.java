package io.alertgate.store;

import java.util.List;
import java.util.Optional;

/**
 * Where Redis is: one server by URL, a master found through Sentinel, or a Redis Cluster. Passwords
 * are plain strings here (the config holds them as secrets); {@code toString} never shows them.
 */
public sealed interface RedisEndpoint {

    /**
     * One server.
     *
     * @param url {@code redis://[user[:password]@]host[:port][/db]}, or {@code rediss://} for TLS
     */
    record Standalone(String url) implements RedisEndpoint {
        @Override
        public String toString() {
            return "Standalone[url=[MASKED]]";
        }
    }

    /**
     * The current master of {@code master}, as the sentinels report it; Jedis follows a failover.
     *
     * @param master the master's name in the sentinels' config ({@code sentinel monitor <name> …})
     * @param sentinels {@code host:port} of each sentinel, at least one
     * @param password the master's (and replicas') password, {@code AUTH}; empty when none
     * @param sentinelPassword the sentinels' own password; empty when none
     */
    record Sentinel(String master, List<String> sentinels, Optional<String> password, Optional<String> sentinelPassword)
            implements RedisEndpoint {
        public Sentinel {
            sentinels = List.copyOf(sentinels);
            if (sentinels.isEmpty()) throw new IllegalArgumentException("at least one sentinel");
        }

        @Override
        public String toString() {
            return "Sentinel[master=" + master + ", sentinels=" + sentinels + ", password=[MASKED]]";
        }
    }

    /**
     * A Redis Cluster, discovered from any of {@code nodes}; Jedis routes each command to its slot's master.
     *
     * @param nodes {@code host:port} of some cluster nodes, at least one
     * @param password the nodes' password; empty when none
     */
    record Cluster(List<String> nodes, Optional<String> password) implements RedisEndpoint {
        public Cluster {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) throw new IllegalArgumentException("at least one cluster node");
        }

        @Override
        public String toString() {
            return "Cluster[nodes=" + nodes + ", password=[MASKED]]";
        }
    }
}
