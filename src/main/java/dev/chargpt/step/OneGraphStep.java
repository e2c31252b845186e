package dev.chargpt.step;

import dev.chargpt.model.DropoutMaskSource;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.MaskedSameDiffLayer;
import dev.chargpt.optim.GlobalNormClipping;
import dev.chargpt.optim.FusedAdamW;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One optimizer step of the GPT with ONE forward and ONE backward pass: the embedding, the blocks
 * and the head are chained into a single SameDiff graph, each piece still defined by its own layer
 * class ({@code defineLayer} of {@link CharEmbeddingLayer}, {@link CausalSelfAttentionBlock},
 * {@link LanguageModelHead}), and differentiated once.
 *
 * <p>Why not {@code network.fit}: DL4J 1.0.0-M2.1 runs a SameDiff layer's forward pass again inside
 * its backward pass ({@code SameDiffLayer.backpropGradient} calls {@code calculateGradients}, which
 * executes the whole layer graph), and scores the head with a third forward pass: about 130 of a
 * cpu-small step's 439 ops were repeats. Here the loss and every gradient come from one
 * {@code calculateGradientsAndOutputs}.
 *
 * <p>Everything else stays the network's own, so checkpoints, resume and inference are untouched:
 * the graph's variables are the network's parameter views (the graph reads the weights the updater
 * just wrote), its gradients are copied into the network's gradient view, and DL4J's own updater
 * (AdamW with the schedule, weight decay on weight parameters, its saved state) turns them into the
 * step. Dropout masks come from {@link DropoutMasks} with the same (seed, iteration, layer) as the
 * layered path, so both paths compute the same gradient (OneGraphStepTest checks it).
 *
 * <p>The price is memory: the step keeps every array of its forward and backward pass until it ends
 * (313.6 MB for 12 windows of cpu-small; about 33 GB on gpu-baby), where DL4J's fit keeps only each layer's input.
 * {@link TrainingStep#forNetwork} therefore uses this step only where that fits.
 */
public final class OneGraphStep implements TrainingStep {
    private static final String IDS = "ids";
    private static final String LABELS = "labels";

    private final MultiLayerNetwork network;
    private final GlobalNormClipping clipping;
    private final SameDiff graph = SameDiff.create();
    private final String loss;
    /** Graph variable name -> the network's gradient view for that parameter. */
    private final Map<String, INDArray> gradientViews = new LinkedHashMap<>();
    private final Gradient gradient;
    /** Layer index -> its dropout-mask placeholder (only layers whose dropout is on). */
    private final Map<Integer, String> maskPlaceholders = new LinkedHashMap<>();
    private final DataType type;
    private final StepListeners listeners;
    /** The network's AdamW in whole-array ops; null where its updater is one that class does not reproduce. */
    private final FusedAdamW fusedAdamW;

    public OneGraphStep(MultiLayerNetwork network, double maxGradientNorm) {
        this(network, maxGradientNorm, StepListeners.NONE);
    }

    /** @param listeners hear of every step on this network ({@link StepListeners}) */
    public OneGraphStep(MultiLayerNetwork network, double maxGradientNorm, StepListeners listeners) {
        this.network = network;
        this.listeners = listeners;
        this.clipping = new GlobalNormClipping(maxGradientNorm);
        this.type = network.params().dataType();
        if (network.getGradientsViewArray() == null) {
            network.initGradientsView();
        }
        this.gradient = new DefaultGradient(network.getGradientsViewArray());
        this.fusedAdamW = FusedAdamW.forNetwork(network);
        int last = GptNetwork.headLayer(GptNetwork.blockCount(network));
        int blockSize = ((LanguageModelHead) layerConf(last)).getBlockSize();
        // Graph structure and parameter references live outside any workspace, as in DL4J's own doInit.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // Views of the network's one flat parameter buffer, as DL4J's SameDiff layers use them.
            graph.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            SDVariable x = graph.placeHolder(IDS, type, -1, blockSize);
            SDVariable labels = graph.placeHolder(LABELS, type, -1, blockSize);
            for (int i = 0; i < last; i++) {
                MaskedSameDiffLayer layer = (MaskedSameDiffLayer) layerConf(i);
                x = layer.defineLayer(graph, x, parameters(i), maskPlaceholder(i, layer));
            }
            LanguageModelHead head = (LanguageModelHead) layerConf(last);
            loss = head.defineLayer(graph, x, labels, parameters(last)).name();
            graph.createGradFunction();
        }
    }

    /**
     * One optimizer step on {@code batch}: forward, backward, global-norm clipping, the network's
     * updater, the parameter update and the iteration count. Returns the batch's mean cross-entropy
     * per character in nats, measured at the weights before the step (the weight-decay penalty is not
     * in it).
     */
    @Override
    public double fit(DataSet batch) {
        int batchSize = (int) batch.getFeatures().size(0);
        double summedLoss = computeGradient(batch);
        applyGradient(batchSize);
        listeners.stepDone(network, batch, summedLoss / batchSize, gradientViews);
        return summedLoss / batchSize;
    }

    /**
     * The step from the summed-loss gradient in the network's gradient view: global-norm clipping,
     * the network's updater, the parameter update and the iteration count.
     */
    void applyGradient(int batchSize) {
        listeners.gradientComputed(network, gradientViews);
        clipping.clip(network.getGradientsViewArray(), batchSize);
        if (fusedAdamW != null) {
            fusedAdamW.update(network.getIterationCount(), network.getEpochCount(), batchSize);
        } else {
            network.getUpdater().update(network, gradient, network.getIterationCount(), network.getEpochCount(),
                    batchSize, LayerWorkspaceMgr.noWorkspaces());
        }
        // The updater turned the gradient view into the step, in place; DL4J's step function subtracts it.
        INDArray update = network.getGradientsViewArray();
        network.params().subi(update.reshape(update.length()));
        network.setIterationCount(network.getIterationCount() + 1);
    }

    /**
     * Forward and backward pass only: leaves in the network's gradient view the gradient of the
     * loss the head returns (the SUM over the batch of each window's mean cross-entropy, what DL4J's
     * updater expects) and returns that summed loss. Dropout masks are those of the network's
     * current iteration.
     */
    public double computeGradient(DataSet batch) {
        return computeGradient(batch, dropoutMasks(batch.getFeatures().castTo(type)));
    }

    /**
     * The keep mask of every layer with dropout for {@code features} at the network's current
     * iteration, by layer index; empty when dropout is off. A worker of {@link DataParallelStep}
     * gets its rows of the whole batch's masks, so N workers drop exactly what one would.
     */
    Map<Integer, INDArray> dropoutMasks(INDArray features) {
        long iteration = network.getIterationCount();
        Map<Integer, INDArray> masks = new LinkedHashMap<>();
        maskPlaceholders.keySet().forEach(index -> masks.put(index,
                ((DropoutMaskSource) layerConf(index)).trainingMask(features, iteration, index)));
        return masks;
    }

    /** {@link #computeGradient(DataSet)} with the given dropout masks (rows matching the batch's). */
    double computeGradient(DataSet batch, Map<Integer, INDArray> masks) {
        INDArray features = batch.getFeatures().castTo(type);
        INDArray labels = batch.getLabels().castTo(type);
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(IDS, features);
        placeholders.put(LABELS, labels);
        maskPlaceholders.forEach((index, name) -> placeholders.put(name, masks.get(index)));
        StepArrays arrays = sessionArrays();
        arrays.beginStep(describeShapes(placeholders));
        double summedLoss;
        try {
            OutAndGrad result = graph.calculateGradientsAndOutputs(placeholders, List.of(loss), gradientViews.keySet());
            gradientViews.forEach((name, view) -> view.assign(result.getGradients().get(name)));
            summedLoss = result.getOutputs().get(loss).getDouble(0);
        } catch (RuntimeException | Error failed) {
            arrays.reset();
            throw failed;
        }
        arrays.endStep();
        return summedLoss;
    }

    /**
     * The memory of the gradient graph's session on this thread, a {@link FixedGraphSession} that
     * replaces whatever session SameDiff made for this thread while building the graph.
     */
    private StepArrays sessionArrays() {
        Map<Long, InferenceSession> sessions = gradientGraph().getSessions();
        InferenceSession session = sessions.get(Thread.currentThread().getId());
        if (!(session instanceof FixedGraphSession)) {
            session = new FixedGraphSession(gradientGraph(), new StepArrays());
            sessions.put(Thread.currentThread().getId(), session);
        }
        return (StepArrays) session.getMmgr();
    }

    /** The shapes and types of a step's inputs, in a fixed order: the same string, the same arrays. */
    private static String describeShapes(Map<String, INDArray> placeholders) {
        StringBuilder shapes = new StringBuilder();
        new TreeMap<>(placeholders).forEach((name, array) ->
                shapes.append(name).append(array.dataType()).append(Arrays.toString(array.shape())).append(';'));
        return shapes.toString();
    }

    /**
     * The network's gradient view per parameter, keyed as DL4J keys parameters ({@code <layer>_<name>}):
     * after {@link #computeGradient} the summed-loss gradient, after {@link #fit} the step applied.
     */
    public Map<String, INDArray> gradientTable() {
        return java.util.Collections.unmodifiableMap(gradientViews);
    }

    @Override
    public double lastGradientNorm() {
        return clipping.lastNorm();
    }

    /** Adds a SameDiff listener to every op of the step (for the StepProfile benchmark program, in the test sources). */
    public void addListener(Listener listener) {
        // calculateGradientsAndOutputs hands the graph's listeners to the gradient function it runs.
        graph.addListeners(listener);
    }

    private SameDiff gradientGraph() {
        return graph.getFunction("grad");
    }

    private AbstractSameDiffLayer layerConf(int index) {
        return (AbstractSameDiffLayer) network.getLayer(index).conf().getLayer();
    }

    /**
     * The layer's parameters as graph variables backed by the network's own arrays, named
     * {@code <layer>_<param>} like DL4J's keys, and registers each gradient view.
     */
    private Map<String, SDVariable> parameters(int index) {
        Layer layer = network.getLayer(index);
        Map<String, INDArray> gradients = layer.conf().getLayer().initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        Map<String, SDVariable> variables = new LinkedHashMap<>();
        layer.paramTable().forEach((name, array) -> {
            String key = GptNetwork.paramKey(index, name);
            SDVariable variable = graph.var(key, type, array.shape());
            graph.associateArrayWithVariable(array, variable);
            variables.put(name, variable);
            gradientViews.put(key, gradients.get(name));
        });
        return variables;
    }

    private SDVariable maskPlaceholder(int index, MaskedSameDiffLayer layer) {
        if (!layer.usesDropoutMask()) {
            return null;
        }
        long[] shape = layer.maskShape(1);
        shape[0] = -1;
        String name = "mask" + index;
        maskPlaceholders.put(index, name);
        return graph.placeHolder(name, type, shape);
    }
}
