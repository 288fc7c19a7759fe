package io.flowgate.config;

import io.flowgate.core.Ids;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * The one definition of a node's name when none is given ({@code --node-id}, {@code FLOWGATE_NODE_ID}):
 * host name and port. That is unique among the nodes of one machine and the same after a restart, so a
 * restarted node is listed as the same node (GET /api/v1/cluster) and, taking the next epoch of its id, frees
 * what its previous life held at once instead of leaving it until those leases expire.
 */
public final class DefaultNodeId {
    private DefaultNodeId() {}

    /** The default name of a node listening on {@code port} on a host called {@code hostname}. */
    public static String of(String hostname, int port) {
        String name = hostname == null ? "" : hostname.replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "node" + name;
        }
        if (name.length() > 50) {
            name = name.substring(0, 50);
        }
        // Port 0 (any free port) gives no stable name: fall back to a random one.
        return name + "-" + (port != 0 ? String.valueOf(port)
                : Ids.random(6).replaceAll("[^A-Za-z0-9]", "x").substring(0, 6).toLowerCase(Locale.ROOT));
    }

    /** The {@code HOSTNAME} variable when set (containers set it), else this machine's host name. */
    static String hostname(Map<String, String> env) {
        String fromEnv = env.get("HOSTNAME");
        return fromEnv == null || fromEnv.isBlank() ? localHostname() : fromEnv;
    }

    /** This machine's host name as the network layer knows it; "node" when it cannot be resolved. */
    static String localHostname() {
        return LocalHost.NAME;
    }

    /** Looked up once per process: the lookup may ask a name server, and the answer does not change. */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "node";
            }
        }
    }
}
