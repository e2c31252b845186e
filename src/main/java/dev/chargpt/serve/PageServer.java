package dev.chargpt.serve;

import com.sun.net.httpserver.HttpServer;
import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP server of {@code chargpt serve}: the page and its JSON API over one checkpoint.
 *
 * <p>It is the JDK's own {@code com.sun.net.httpserver}: in every JDK since 6 (module
 * {@code jdk.httpserver}, supported and exported), maintained with the JDK, and no new dependency,
 * so the jar grows only by this package. It speaks plain HTTP/1.1, which is all a page on one's own
 * machine needs. Not the Vert.x 3.9 that DL4J's training UI brings: it is past its end of life with
 * open advisories (docs/training-ui.md).
 *
 * <p>Requests run on a fixed pool of threads, more than the generations allowed at once, so a page
 * or a refusal (429) is answered while every generation streams.
 */
public final class PageServer implements AutoCloseable {
    /** Threads beyond the generations: the page's files, model info, attention reads and refusals. */
    private static final int SPARE_THREADS = 4;
    /** Attention reads at once; each is one forward pass of a window, a few milliseconds. */
    private static final int READERS = 2;

    private final HttpServer server;
    private final ExecutorService threads;
    private final DecoderPool generators;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private PageServer(HttpServer server, ExecutorService threads, DecoderPool generators) {
        this.server = server;
        this.threads = threads;
        this.generators = generators;
    }

    /**
     * Starts serving {@code checkpoint} on {@code host:port} (port 0: any free port).
     *
     * @param run      the run's name, shown on the page
     * @param problems told about failures that are the server's, not the client's (one line each)
     * @throws BadInputException if the address cannot be listened on
     */
    public static PageServer start(Checkpoint checkpoint, String run, String checkpointName, String host, int port,
                                   ServeLimits limits, Consumer<String> problems) {
        ModelConfig model = checkpoint.config().model();
        // the average of the weights where the run keeps one, as sample and attention use
        MultiLayerNetwork network = checkpoint.networkForUse();
        DecoderPool generators = new DecoderPool(network, model, limits.maxGenerations());
        DecoderPool readers = new DecoderPool(network, model, READERS);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new BadInputException("cannot listen on " + host + ":" + port + " (" + OneLineReason.of(e)
                    + "); choose another " + Setting.PORT + ", or a " + Setting.HOST + " of this machine", e);
        }
        PageServer page = new PageServer(server, Executors.newFixedThreadPool(limits.maxGenerations() + SPARE_THREADS,
                daemons()), generators);
        server.createContext("/", new Routes(new PageAssets(),
                new ModelInfo(run, checkpointName, model, checkpoint.vocabulary(), limits, generators::inUse),
                new GenerateHandler(generators, checkpoint.vocabulary(), limits, page.stopping::get),
                new ReadHandler(readers, checkpoint.vocabulary(), model.blockSize(), limits), problems));
        server.setExecutor(page.threads);
        server.start();
        return page;
    }

    /** The page's address. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Generations streaming now. */
    public int generationsRunning() {
        return generators.inUse();
    }

    /**
     * Stops listening and ends every generation where it is (its stream says so), then waits a
     * moment for their threads; safe to call twice.
     */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        // Every generation ends at its next character and says so; give them a second to, then close
        // every connection. (The JDK's stop(delay) waits out the whole delay, hence the wait here and stop(0).)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (generators.inUse() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "chargpt-serve-" + count.incrementAndGet());
            thread.setDaemon(true); // never keeps the JVM alive after Ctrl-C
            return thread;
        };
    }
}
