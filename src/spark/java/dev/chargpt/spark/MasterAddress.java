package dev.chargpt.spark;

import dev.chargpt.BadInputException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Checks a {@code --spark} master before Spark sees it. Spark itself retries an unreachable standalone
 * master for a minute and then logs "All masters are unresponsive" instead of failing; one TCP
 * connection says the same in a few seconds and in one line.
 */
final class MasterAddress {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?])?");
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private MasterAddress() {
    }

    /** Refuses a master that is neither local[N] nor a reachable spark://host:port (other schemes pass to Spark). */
    static void requireUsable(String master) {
        if (master.startsWith("local")) {
            if (!LOCAL.matcher(master).matches()) {
                throw new BadInputException("--spark " + master + " is not a local master: use local[N] with N threads, for example local[2]");
            }
            return;
        }
        if (!master.startsWith("spark://")) {
            return; // yarn, k8s://...: Spark's own checks, through spark-submit
        }
        URI uri = URI.create(master.split(",")[0]);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new BadInputException("--spark " + master + " has no host and port: use spark://HOST:PORT (a standalone master listens on 7077)");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            throw new BadInputException("cannot reach the Spark master at " + master + ": nothing answers there; start it"
                    + " (scripts/spark-local-cluster.sh start on this machine) or correct --spark");
        }
    }
}
