package io.middlemile.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/**
 * Who this engine process is in the cluster. The id is also its Quartz instance id, so it must be unique among
 * running nodes: host and process id are, and a node restarted under the same id (a container's pid is often
 * the same) picks up what Quartz had in flight for it.
 */
public record NodeIdentity(String id, String host, long pid, Instant startedAt) {

    /** This process: {@code id} if given, else {@code HOST-PID}. */
    public static NodeIdentity current(String id) {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        return new NodeIdentity(id == null || id.isBlank() ? host + "-" + pid : id, host, pid, Instant.now());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
