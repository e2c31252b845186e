package dev.chargpt.optim;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The network's own optimizer, DL4J's Adam with decoupled weight decay (what {@link GptNetwork}
 * configures), applied to the whole flat gradient in eleven whole-array ops instead of DL4J's updater.
 *
 * <p>Why: on cpu-small (818,176 parameters) DL4J's updater took 9-13 ms of a 118 ms step, where the
 * arithmetic is a few passes over 3.2 MB. Its native Adam op alone took 5-6 ms (a scalar loop with a
 * square root and a division per element, read in libnd4j's {@code updaterAdam.cpp}), and weight decay
 * is one more op per weight matrix. ND4J's element-wise ops over the whole array are vectorised, but
 * for its square root; on the CPU backend {@link AdamWHostPass} does the same arithmetic in one pass.
 *
 * <p>The math is DL4J's, in the same order (so the rounding matches it but for the last bit of the
 * bias-corrected step size): the summed gradient divided by the batch size; m = b1 m + (1 - b1) g;
 * v = b2 v + (1 - b2) g^2; update = (lr sqrt(1 - b2^t) / (1 - b1^t)) m / (sqrt(v) + eps); then
 * update += lr * decay * w for the parameters whose layer declares weight decay. The state is the
 * updater's own m and v (its state view, in its layout), so checkpoints, resume and DL4J's own
 * {@code fit} see one optimizer state.
 *
 * <p>{@link #forNetwork} returns null for a network whose updater is anything else (one Adam block
 * with at most one weight decay setting), and the step then uses DL4J's updater.
 */
public final class FusedAdamW {
    private final MultiLayerNetwork network;
    private final WeightDecay decay;
    /** [start, end) of each run of parameters that take weight decay, in the flat parameter order. */
    private final int[] decayRanges;
    /** The same step as one pass over host memory (the CPU backend), or null for the whole-array ops. */
    private final AdamWHostPass hostPass;
    /** For the whole-array ops, made when first needed: 1 where the parameter takes weight decay, 0 elsewhere. */
    private INDArray decayMask;
    /** For the whole-array ops, made when first needed: scratch, one value per parameter. */
    private INDArray scratch;

    private FusedAdamW(MultiLayerNetwork network, WeightDecay decay, int[] decayRanges, int hostChunk) {
        this.network = network;
        this.decay = decay;
        this.decayRanges = decayRanges;
        this.hostPass = hostChunk > 0 ? new AdamWHostPass(decayRanges, hostChunk) : null;
    }

    /** Whether the update runs as one pass over host memory (the CPU backend) rather than whole-array ops. */
    boolean usesHostPass() {
        return hostPass != null;
    }

    /** The fused updater for {@code network}, or null where its updater is not one this class reproduces. */
    public static FusedAdamW forNetwork(MultiLayerNetwork network) {
        return forNetwork(network, Nd4j.getEnvironment().isCPU() ? AdamWHostPass.CHUNK : 0);
    }

    /**
     * @param hostChunk values per chunk of the pass over host memory, or 0 for the whole-array ops (tests
     *                  run both, and small chunks)
     */
    static FusedAdamW forNetwork(MultiLayerNetwork network, int hostChunk) {
        if (!network.conf().isMiniBatch() || !(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater)) {
            return null;
        }
        List<UpdaterBlock> blocks = updater.getUpdaterBlocks();
        if (blocks.size() != 1 || !(blocks.get(0).getGradientUpdater() instanceof AdamUpdater)) {
            return null;
        }
        UpdaterBlock block = blocks.get(0);
        if (block.getParamOffsetStart() != 0 || block.getParamOffsetEnd() != network.numParams()) {
            return null;
        }
        WeightDecay decay = null;
        List<Integer> decayRanges = new ArrayList<>();
        for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
            Trainable layer = param.getLayer();
            if (!layer.updaterDivideByMinibatch(param.getParamName())) {
                return null;
            }
            List<Regularization> regularizations = layer.getConfig().getRegularizationByParam(param.getParamName());
            if (regularizations == null || regularizations.isEmpty()) {
                continue;
            }
            if (regularizations.size() != 1 || !(regularizations.get(0) instanceof WeightDecay paramDecay)
                    || (decay != null && !decay.equals(paramDecay))) {
                return null;
            }
            decay = paramDecay;
            decayRanges.add(Math.toIntExact(param.getParamOffsetStart()));
            decayRanges.add(Math.toIntExact(param.getParamOffsetEnd()));
        }
        return new FusedAdamW(network, decay, decayRanges.stream().mapToInt(Integer::intValue).toArray(), hostChunk);
    }

    /**
     * Turns the network's gradient view (the gradient of the loss summed over {@code batchSize}
     * windows) into the update, in place, and advances m and v; as DL4J's
     * {@code updater.update(network, gradient, iteration, epoch, batchSize, ...)} does.
     */
    public void update(int iteration, int epoch, int batchSize) {
        AdamUpdater adam = (AdamUpdater) ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks().get(0)
                .getGradientUpdater();
        Adam config = adam.getConfig();
        Map<String, INDArray> state = adam.getState();
        INDArray m = flat(state.get(AdamUpdater.M_STATE));
        INDArray v = flat(state.get(AdamUpdater.V_STATE));
        INDArray g = flat(network.getGradientsViewArray());
        INDArray w = flat(network.params());

        // The constants in the arrays' precision, as libnd4j's kernel forms them (float: powf, sqrtf).
        boolean single = g.dataType() == DataType.FLOAT;
        double beta1 = inPrecision(config.getBeta1(), single);
        double beta2 = inPrecision(config.getBeta2(), single);
        double epsilon = inPrecision(config.getEpsilon(), single);
        double learningRate = config.getLearningRate(iteration, epoch);
        double beta1T = inPrecision(Math.pow(beta1, iteration + 1.0), single);
        double beta2T = inPrecision(Math.pow(beta2, iteration + 1.0), single);
        double stepSize = inPrecision(inPrecision(learningRate, single) * inPrecision(Math.sqrt(1.0 - beta2T), single)
                / (1.0 - beta1T), single);
        if (Double.isNaN(stepSize) || Double.isInfinite(stepSize) || stepSize == 0) {
            stepSize = epsilon;
        }
        double oneMinusBeta1 = inPrecision(1.0 - beta1, single);
        double oneMinusBeta2 = inPrecision(1.0 - beta2, single);
        double decayScale = decay == null ? 0 : decay.getCoeff().valueAt(iteration, epoch) * (decay.isApplyLR() ? learningRate : 1.0);

        if (hostPass != null && AdamWHostPass.supports(g) && AdamWHostPass.supports(m) && AdamWHostPass.supports(v)
                && AdamWHostPass.supports(w)) {
            hostPass.apply(g, m, v, w, new AdamWHostPass.Constants(batchSize, (float) beta1, (float) beta2,
                    (float) oneMinusBeta1, (float) oneMinusBeta2, (float) epsilon, (float) stepSize, (float) decayScale));
            return;
        }
        if (scratch == null) {
            float[] mask = new float[Math.toIntExact(g.length())];
            for (int r = 0; r < decayRanges.length; r += 2) {
                java.util.Arrays.fill(mask, decayRanges[r], decayRanges[r + 1], 1f);
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                decayMask = Nd4j.createFromArray(mask).castTo(g.dataType());
                scratch = Nd4j.createUninitialized(g.dataType(), g.length());
            }
        }
        g.divi(batchSize);
        m.muli(beta1);
        Nd4j.exec(new Axpy(g, m, m, oneMinusBeta1));                      // m = (1 - b1) g + b1 m
        Nd4j.exec(new MulOp(g, g, scratch));
        v.muli(beta2);
        Nd4j.exec(new Axpy(scratch, v, v, oneMinusBeta2));                // v = (1 - b2) g^2 + b2 v
        Nd4j.exec(new Sqrt(v, scratch));
        scratch.addi(epsilon);
        Nd4j.exec(new ScalarMultiplication(m, null, g, stepSize));
        g.divi(scratch);                                               // update = step m / (sqrt(v) + eps)
        if (decay != null) {
            Nd4j.exec(new MulOp(w, decayMask, scratch));
            Nd4j.exec(new Axpy(scratch, g, g, decayScale));            // update += lr * decay * w (weights only)
        }
    }

    private static double inPrecision(double value, boolean single) {
        return single ? (float) value : value;
    }

    private static INDArray flat(INDArray array) {
        INDArray flat = Objects.requireNonNull(array).reshape(array.length());
        if (!flat.isView() && flat != array && array.isView()) {
            throw new IllegalStateException("a flat view of the updater's arrays was a copy");
        }
        return flat;
    }
}
