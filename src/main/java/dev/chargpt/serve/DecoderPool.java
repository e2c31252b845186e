package dev.chargpt.serve;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.KvCacheModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code size} key/value-cache decoders in use at once, each lent to one request. A decoder
 * is stateful (its cache, its work arrays), so two requests never share one; it is kept after use,
 * so a busy server builds each only once: at most {@code size} per context policy, however many
 * requests come. That is what bounds the server's memory.
 */
final class DecoderPool {
    private final MultiLayerNetwork network;
    private final ModelConfig config;
    private final int size;
    private final Semaphore permits;
    private final Map<ContextPolicy, Queue<KvCacheModel>> idle = new EnumMap<>(ContextPolicy.class);

    DecoderPool(MultiLayerNetwork network, ModelConfig config, int size) {
        this.network = network;
        this.config = config;
        this.size = size;
        this.permits = new Semaphore(size, true);
        for (ContextPolicy policy : ContextPolicy.values()) {
            idle.put(policy, new ConcurrentLinkedQueue<>());
        }
    }

    /** A decoder to use and give back; null if none is free within {@code patienceMillis}. */
    Lease lease(ContextPolicy policy, long patienceMillis) throws InterruptedException {
        if (!permits.tryAcquire(patienceMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        try {
            KvCacheModel model = idle.get(policy).poll();
            return new Lease(policy, model != null ? model : build(policy));
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Decoders lent out now. */
    int inUse() {
        return size - permits.availablePermits();
    }

    int size() {
        return size;
    }

    /** One copy of the weights at a time: reading the network's parameters is the only shared step. */
    private synchronized KvCacheModel build(ContextPolicy policy) {
        return new KvCacheModel(network, config, policy);
    }

    /** A decoder on loan; closing it (once) puts it back. */
    final class Lease implements AutoCloseable {
        private final ContextPolicy policy;
        private final KvCacheModel model;
        private final AtomicBoolean returned = new AtomicBoolean();

        private Lease(ContextPolicy policy, KvCacheModel model) {
            this.policy = policy;
            this.model = model;
        }

        KvCacheModel model() {
            return model;
        }

        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                idle.get(policy).offer(model);
                permits.release();
            }
        }
    }
}
