package dev.chargpt.ui;

import dev.chargpt.BadInputException;
import io.vertx.core.Vertx;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DL4J's training UI (Vert.x), started on one host and port, showing the stats storages attached
 * to it. Loopback unless the user names another host: the UI has no authentication.
 */
public final class TrainingUi implements AutoCloseable {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 9000;
    /** DL4J's UI reads its port from this system property (DL4JSystemProperties.UI_SERVER_PORT_PROPERTY). */
    private static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

    private final VertxUIServer server;
    private final String host;

    private TrainingUi(VertxUIServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Starts the UI on {@code host:port} (port 0: any free port); a port in use is bad input. */
    public static TrainingUi start(String host, int port) {
        System.setProperty(PORT_PROPERTY, String.valueOf(port));
        Vertx vertx = Vertx.vertx();
        HostBoundUiServer server = new HostBoundUiServer(host);
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(server, result -> {
            if (result.succeeded()) {
                deployed.complete(result.result());
            } else {
                deployed.completeExceptionally(result.cause());
            }
        });
        try {
            deployed.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new BadInputException("cannot start the training UI on " + host + ":" + port + " (the port is in use,"
                    + " or the address is not this machine's); choose another with --ui-port", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("interrupted while the training UI started", e);
        }
        return new TrainingUi(server, host);
    }

    public void attach(StatsStorage storage) {
        server.attach(storage);
    }

    /** The training overview page. */
    public String url() {
        return "http://" + host + ":" + server.getPort() + "/train/overview";
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
